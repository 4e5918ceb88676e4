/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions on raw CLI JSON */
/**
 * Application verbs, `status`, `config`, relations, `run` (the §6.3 exit-code contract) and
 * `debug-log`, through the real `bin/charmkit.js` against a controller it bootstraps, with
 * the kv test charm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { charmkit, KV, tempHome, waitFor } from './helpers.ts';

const home = tempHome();
const ck = (...args: string[]) => charmkit(home, args);

async function status(): Promise<any> {
  const result = await ck('status', '--format', 'json');
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout);
}

/** Waits until `app` has `n` units, all idle and active. */
function settled(app: string, n: number): Promise<any> {
  return waitFor(async () => {
    const s = await status();
    const units: any[] = Object.values(s.applications?.[app]?.units ?? {});
    return units.length === n &&
      units.every(
        (u) => u['juju-status'].current === 'idle' && u['workload-status'].current === 'active',
      )
      ? s
      : undefined;
  });
}

beforeAll(async () => {
  expect((await ck('bootstrap')).code).toBe(0);
  expect((await ck('add-model', 'dev')).code).toBe(0);
}, 40_000);
afterAll(async () => {
  expect((await ck('kill-controller')).code).toBe(0);
}, 40_000);

describe('deploy and status', () => {
  it('deploys a charm directory with units and config', async () => {
    const deployed = await ck('deploy', KV, '-n', '2', '--config', 'greeting=hello', '--trust');
    expect(deployed).toMatchObject({ code: 0, stdout: '' });
    expect(deployed.stderr).toContain('Deploying "kv" from local charm "local:kv-0"');
    const s = await settled('kv', 2);
    expect(s.applications.kv).toMatchObject({
      charm: 'local:kv-0',
      'application-status': { current: 'active', message: 'hello' },
    });
  }, 60_000);

  it('prints status as YAML and as juju’s tables', async () => {
    const yaml = await ck('status', '--format', 'yaml');
    expect(parseYaml(yaml.stdout).applications.kv.units['kv/0'].leader).toBe(true);
    const table = await ck('status');
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(/^Model +Controller +Cloud\/Region +Version/);
    expect(table.stdout).toMatch(/^dev +charmkit +localhost/m);
    expect(table.stdout).toMatch(/^App +Version +Status +Scale +Charm/m);
    expect(table.stdout).toMatch(/^kv +active +2 +kv +0 +no +hello$/m);
    expect(table.stdout).toMatch(/^Unit +Workload +Agent +Address/m);
    expect(table.stdout).toMatch(/^kv\/0\* +active +idle +127\.\S+ +hello$/m);
    expect(table.stdout).toMatch(/^kv\/1 +active +idle/m);
  });

  it('deploys under another name and removes it again', async () => {
    expect((await ck('deploy', KV, 'up', '--model', 'admin/dev')).code).toBe(0);
    await settled('up', 1);
    expect(await ck('remove-application', '--no-prompt', 'up')).toMatchObject({
      code: 0,
      stdout: '',
    });
    await waitFor(async () => ((await status()).applications.up ? undefined : true));
  }, 60_000);
});

describe('units', () => {
  it('adds and removes units by name and by count', async () => {
    expect(await ck('add-unit', 'kv', '-n', '2')).toMatchObject({ code: 0, stdout: '' });
    await settled('kv', 4);
    expect((await ck('remove-unit', '--no-prompt', 'kv/3')).code).toBe(0);
    expect((await ck('remove-unit', '--no-prompt', 'kv', '--num-units', '1')).code).toBe(0);
    const s = await settled('kv', 2);
    expect(Object.keys(s.applications.kv.units).sort()).toEqual(['kv/0', 'kv/1']);
  }, 60_000);
});

describe('config', () => {
  it('prints juju’s config shape and sets, gets and resets values', async () => {
    const shown = JSON.parse((await ck('config', '--format', 'json', 'kv')).stdout);
    expect(shown).toMatchObject({
      application: 'kv',
      charm: 'kv',
      settings: {
        greeting: { type: 'string', source: 'user', value: 'hello' },
        'fail-on': { type: 'string', source: 'default', value: '' },
      },
    });
    expect(await ck('config', 'kv', 'greeting=howdy')).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect((await ck('config', 'kv', 'greeting')).stdout).toBe('howdy\n');
    expect((await ck('config', 'kv', '--reset', 'greeting')).code).toBe(0);
    expect((await ck('config', 'kv', 'greeting')).stdout).toBe('hi\n');
    const yaml = parseYaml((await ck('config', 'kv')).stdout);
    expect(yaml.settings.greeting).toMatchObject({ source: 'default', value: 'hi' });
  });

  it('refuses unknown options with the controller’s message', async () => {
    expect(await ck('config', 'kv', 'nope=1')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR unknown option "nope"\n',
    });
  });
});

describe('relations', () => {
  it('integrates and removes a relation', async () => {
    expect((await ck('deploy', KV, 'up')).code).toBe(0);
    expect(await ck('integrate', 'kv:upstream', 'up:kv')).toMatchObject({ code: 0, stdout: '' });
    await waitFor(async () =>
      (await status()).applications.kv.relations.upstream ? true : undefined,
    );
    // As juju 3: the integrations section only with --relations (or --integrations).
    expect((await ck('status')).stdout).not.toContain('Integration provider');
    const table = (await ck('status', '--relations')).stdout;
    expect(table).toMatch(/^Integration provider +Requirer +Interface +Type +Message$/m);
    expect(table).toMatch(/^kv:cluster +kv:cluster +kv-peers +peer *$/m);
    expect(table).toMatch(/^up:kv +kv:upstream +kv +regular *$/m);
    const section = (text: string) => text.slice(text.indexOf('Integration provider'));
    expect(section((await ck('status', '--integrations')).stdout)).toBe(section(table));
    expect((await ck('remove-relation', 'kv:upstream', 'up:kv')).code).toBe(0);
    await waitFor(async () =>
      (await status()).applications.kv.relations.upstream ? undefined : true,
    );
    expect((await ck('remove-application', 'up')).code).toBe(0);
  }, 60_000);
});

describe('run (juju-semantics.md §6.3)', () => {
  it('prints results keyed by the resolved unit and exits 0', async () => {
    const result = await ck('run', '--format', 'json', 'kv/leader', 'echo', 'text=hi');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Running operation \d+ with 1 task/);
    const out = JSON.parse(result.stdout);
    expect(Object.keys(out)).toEqual(['kv/0']);
    expect(out['kv/0']).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      status: 'completed',
      unit: 'kv/0',
      results: { out: { text: 'hi', times: '1' }, 'return-code': 0 },
      log: [expect.stringContaining('echoing')],
      timing: { enqueued: expect.any(String), completed: expect.any(String) },
    });
    expect(out['kv/0'].results.stdout).toBeUndefined();
  });

  it('a non-zero return code prints the JSON and exits 1 with "task failed"', async () => {
    const result = await ck('run', '-m', 'dev', '--format', 'json', 'kv/0', 'boom');
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout)['kv/0'];
    expect(out).toMatchObject({
      status: 'failed',
      results: { 'return-code': 1, stderr: 'kaboom\n' },
    });
    expect(result.stderr).toContain(
      `ERROR the following task failed:\n - id "${out.id}" with return code 1\n\nuse 'juju show-task' to inspect the failure\n`,
    );
  });

  it('action-fail exits 0 with the message', async () => {
    const result = await ck('run', 'kv/0', 'refuse', '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)['kv/0']).toMatchObject({
      status: 'failed',
      message: 'not today',
      results: { 'return-code': 0 },
    });
  });

  it('times out with "timed out waiting for results"', async () => {
    const result = await ck(
      'run',
      '--format',
      'json',
      'kv/1',
      'echo',
      'text=x',
      '--wait',
      '0.001s',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/ERROR timed out waiting for results from: unit kv\/1\n$/);
  });

  it('an undefined action fails with "(not found)" and prints nothing', async () => {
    expect(await ck('run', 'kv/0', 'nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR action "nope" not defined for unit "kv/0". (not found)\n',
    });
  });

  it('plain output prints the results as YAML', async () => {
    const result = await ck('run', 'kv/0', 'echo', 'text=plain', 'times=2');
    expect(result.code).toBe(0);
    expect(parseYaml(result.stdout)).toEqual({ out: { text: 'plain', times: '2' } });
  });
});

describe('debug-log', () => {
  it('prints the latest lines in juju’s format and ends', async () => {
    const all = await ck('debug-log', '--limit', '0');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^unit-kv-0: \d{2}:\d{2}:\d{2} INFO ran install$/m);
    const two = await ck('debug-log', '--limit', '2');
    expect(two.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(all.stdout.endsWith(two.stdout)).toBe(true);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    {
      args: ['deploy', '/nonexistent/charm'],
      stderr: 'ERROR charm or bundle "/nonexistent/charm" not found\n',
      code: 2,
    },
    {
      args: ['deploy', KV, 'x', '--config', 'novalue'],
      stderr: 'ERROR config file "novalue" not found\n',
      code: 2,
    },
    {
      args: ['deploy', KV, 'x', '-n', 'two'],
      stderr: 'ERROR --num-units must be a non-negative integer, got "two"\n',
      code: 2,
    },
    {
      args: ['config', 'kv', 'greeting=1', 'bad'],
      stderr: 'ERROR cannot get and set config in one call: got "greeting=1 bad"\n',
      code: 2,
    },
    {
      args: ['run', 'kv/0', 'echo', 'text'],
      stderr: 'ERROR expected "key=value", got "text"\n',
      code: 2,
    },
    { args: ['run', 'kv', 'echo'], stderr: 'ERROR invalid unit or action name "kv"\n', code: 2 },
    {
      args: ['run', 'kv/0', 'echo', '--wait', 'soon'],
      stderr: 'ERROR invalid duration "soon"\n',
      code: 2,
    },
    {
      args: ['deploy', KV, 'x', '--resource', 'payload=/no/such/payload.txt'],
      stderr:
        'ERROR resource "payload": file "/no/such/payload.txt" not found (looked for /no/such/payload.txt)\n',
      code: 2,
    },
    {
      // Not written as a path: sent on as an image reference, which a file resource refuses.
      args: ['deploy', KV, 'x', '--resource', 'payload=ubuntu:22.04'],
      stderr:
        'Located local charm "kv"\nERROR resource "payload": file ubuntu:22.04 does not exist\n',
      code: 1,
    },
    { args: ['remove-unit', 'kv'], stderr: 'ERROR invalid unit name "kv"\n', code: 2 },
    {
      args: ['integrate', 'kv:', 'up'],
      stderr: 'ERROR invalid endpoint "kv:": expected <application>[:<endpoint>]\n',
      code: 2,
    },
    { args: ['add-unit', 'nope'], stderr: 'ERROR application "nope" not found\n', code: 1 },
    {
      args: ['remove-application', 'nope'],
      stderr: 'ERROR application "nope" not found\n',
      code: 1,
    },
  ])('$args', async ({ args, stderr, code }) => {
    const before = await status();
    expect(await ck(...args)).toEqual({ code, stdout: '', stderr });
    const after = await status();
    expect(Object.keys(after.applications)).toEqual(Object.keys(before.applications));
    expect(Object.keys(after.applications.kv.units)).toEqual(
      Object.keys(before.applications.kv.units),
    );
  });
});
