/**
 * `add-model`, `models`, `switch` and `--model` in every reference form (juju-semantics.md
 * §1.1), through the real `bin/charmkit.js` against a controller it bootstraps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charmkit, tempHome } from './helpers.ts';

const home = tempHome();

beforeAll(async () => {
  expect((await charmkit(home, ['bootstrap'])).code).toBe(0);
}, 40_000);
afterAll(async () => {
  expect((await charmkit(home, ['kill-controller'])).code).toBe(0);
}, 40_000);

describe('models', () => {
  it('add-model selects the new model unless --no-switch', async () => {
    const added = await charmkit(home, ['add-model', 'one']);
    expect(added).toEqual({
      code: 0,
      stdout: '',
      stderr: "Added 'one' model on localhost with credential 'admin' for user 'admin'\n",
    });
    expect((await charmkit(home, ['add-model', '--no-switch', 'two'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(home, 'cli.json'), 'utf8'))).toEqual({
      'current-model': 'one',
    });
    const listed = JSON.parse((await charmkit(home, ['models', '--format', 'json'])).stdout) as {
      models: { name: string; 'short-name': string; 'model-uuid': string }[];
      'current-model': string;
    };
    expect(listed['current-model']).toBe('one');
    expect(listed.models.map((m) => [m.name, m['short-name']])).toEqual([
      ['admin/one', 'one'],
      ['admin/two', 'two'],
    ]);
    expect((await charmkit(home, ['models'])).stdout).toMatch(/^one\* +localhost/m);
  });

  it('refuses a duplicate model with the controller’s message, changing nothing', async () => {
    expect(await charmkit(home, ['add-model', 'two'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR model "two" already exists\n',
    });
    expect(JSON.parse(readFileSync(join(home, 'cli.json'), 'utf8'))).toEqual({
      'current-model': 'one',
    });
  });

  it('switch selects a model given in any reference form', async () => {
    const switched = await charmkit(home, ['switch', 'charmkit:admin/two']);
    expect(switched).toEqual({
      code: 0,
      stdout: '',
      stderr: 'charmkit:admin/one -> charmkit:admin/two\n',
    });
    expect(await charmkit(home, ['switch', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR model charmkit:admin/nope not found\n',
    });
    expect((await charmkit(home, ['switch', 'one'])).code).toBe(0);
  });

  it.each(['two', 'admin/two', 'charmkit:two', 'charmkit:admin/two'])(
    '--model %s names the same model, right after the verb or at the end',
    async (ref) => {
      for (const args of [
        ['status', '--model', ref, '--format', 'json'],
        ['status', '--format', 'json', '-m', ref],
      ]) {
        const result = await charmkit(home, args);
        expect(result.code).toBe(0);
        expect((JSON.parse(result.stdout) as { model: { name: string } }).model.name).toBe('two');
      }
    },
  );

  it.each([
    { ref: 'nope', stderr: 'ERROR model "nope" not found\n' },
    { ref: 'other:two', stderr: 'ERROR controller other not found\n' },
    { ref: 'bob/two', stderr: 'ERROR model bob/two not found\n' },
  ])('an unknown model $ref is one ERROR line', async ({ ref, stderr }) => {
    expect(await charmkit(home, ['status', '-m', ref])).toEqual({ code: 1, stdout: '', stderr });
  });
});
