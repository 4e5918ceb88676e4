/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- assertions on raw CLI JSON */
/**
 * The exact argv jubilant sends (juju-semantics.md §1.2: `--model` right after the verb),
 * for deploy → wait → integrate → config → run → add-unit → remove-unit →
 * remove-application, then `show-model`, `show-unit` and `destroy-model` as
 * `temp_model()` does, checking stdout, stderr and exit codes at every step.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charmkit, KV, tempHome, waitFor } from './helpers.ts';

const home = tempHome();
const MODEL = 'jubilant-0a1b2c3d';
const juju = (...args: string[]) => charmkit(home, args);
/** What jubilant's `Juju._cli` does for model verbs: `--model` after the subcommand. */
const cli = (verb: string, ...args: string[]) => juju(verb, '--model', MODEL, ...args);

async function status(): Promise<any> {
  const result = await cli('status', '--format', 'json');
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout);
}

/** jubilant's `wait(all_active)` with `all_agents_idle`: three consecutive good polls. */
async function waitAllActive(apps: readonly string[]): Promise<any> {
  let successes = 0;
  return waitFor(async () => {
    const s = await status();
    const ok = apps.every((name) => {
      const app = s.applications[name];
      if (!app || app['application-status'].current !== 'active') return false;
      return Object.values<any>(app.units ?? {}).every(
        (u) => u['workload-status'].current === 'active' && u['juju-status'].current === 'idle',
      );
    });
    successes = ok ? successes + 1 : 0;
    return successes >= 3 ? s : undefined;
  }, 60_000);
}

beforeAll(async () => {
  expect((await juju('bootstrap')).code).toBe(0);
  expect(await juju('add-model', '--no-switch', MODEL)).toMatchObject({ code: 0, stdout: '' });
}, 40_000);
afterAll(async () => {
  await juju('kill-controller');
}, 40_000);

describe('jubilant argv sequence', () => {
  it('deploys, waits, integrates, configures, runs, scales and removes', async () => {
    expect(await cli('deploy', KV, 'db')).toMatchObject({ code: 0, stdout: '' });
    expect(await cli('deploy', KV, 'app', '--config', 'greeting=hello')).toMatchObject({
      code: 0,
      stdout: '',
    });
    let s = await waitAllActive(['db', 'app']);
    expect(s.applications.app.units['app/0'].leader).toBe(true);

    expect(await cli('integrate', 'app:upstream', 'db:kv')).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    s = await waitAllActive(['db', 'app']);
    expect(s.applications.app.relations.upstream).toEqual([
      { 'related-application': 'db', interface: 'kv', scope: 'global' },
    ]);
    await waitFor(async () => {
      const st = await status();
      return st.applications.app.units['app/0']['workload-status'].message === 'upstream says db/0'
        ? true
        : undefined;
    });

    const got = await cli('config', '--format', 'json', 'app');
    expect(got.code).toBe(0);
    const config = JSON.parse(got.stdout);
    expect(config.settings.greeting).toMatchObject({ value: 'hello', type: 'string' });
    expect(config.settings['fail-on']).toMatchObject({ value: '', source: 'default' });
    expect(config['application-config'].trust.value).toBe(false);
    expect(await cli('config', 'app', 'greeting=howdy', 'fail-on=')).toMatchObject({ code: 0 });
    expect(await cli('config', 'app', '--reset', 'fail-on')).toMatchObject({ code: 0 });

    const params = join(mkdtempSync(join(tmpdir(), 'params-')), 'params.yaml');
    writeFileSync(params, 'text: hi\ntimes: 2\n');
    const run = await cli(
      'run',
      '--format',
      'json',
      'app/0',
      'echo',
      '--wait',
      '60.0s',
      '--params',
      params,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)['app/0']).toMatchObject({
      status: 'completed',
      results: { out: { text: 'hi', times: '2' }, 'return-code': 0 },
    });

    expect(await cli('add-unit', 'app')).toMatchObject({ code: 0, stdout: '' });
    expect(await cli('add-unit', 'app', '--num-units', '2')).toMatchObject({ code: 0 });
    s = await waitAllActive(['app']);
    expect(Object.keys(s.applications.app.units)).toHaveLength(4);
    expect(await cli('remove-unit', '--no-prompt', 'app/3', 'app/2')).toMatchObject({
      code: 0,
      stdout: '',
    });
    expect(await cli('remove-unit', '--no-prompt', 'app', '--num-units', '1')).toMatchObject({
      code: 0,
    });
    await waitFor(async () =>
      Object.keys((await status()).applications.app.units).length === 1 ? true : undefined,
    );

    const unit = await cli('show-unit', 'db/0', '--format', 'json');
    expect(unit.code).toBe(0);
    const info = JSON.parse(unit.stdout)['db/0'];
    expect(info).toMatchObject({ charm: 'local:kv-0', leader: true, life: 'alive' });
    expect(info['opened-ports']).toEqual([]);
    expect(info['relation-info']).toContainEqual(
      expect.objectContaining({
        endpoint: 'kv',
        'related-endpoint': 'upstream',
        'relation-id': expect.any(Number),
        'application-data': {},
        'local-unit': { 'in-scope': true, data: expect.objectContaining({ from: 'db/0' }) },
        'related-units': {
          'app/0': { 'in-scope': true, data: expect.objectContaining({ from: 'app/0' }) },
        },
      }),
    );

    expect(await cli('remove-application', '--no-prompt', 'app')).toMatchObject({ code: 0 });
    await waitFor(async () => ((await status()).applications.app ? undefined : true));
    expect(Object.keys((await status()).applications.db.relations)).toEqual(['cluster']);
  }, 180_000);

  it('answers show-model for every model reference form, then destroys the model', async () => {
    for (const ref of [MODEL, `admin/${MODEL}`, `charmkit:${MODEL}`, `charmkit:admin/${MODEL}`]) {
      const shown = await juju('show-model', '--format', 'json', ref);
      expect(shown.code).toBe(0);
      const info = JSON.parse(shown.stdout)[MODEL];
      expect(info).toMatchObject({
        name: `admin/${MODEL}`,
        'short-name': MODEL,
        'model-type': 'caas',
        'is-controller': false,
        status: { current: 'available' },
      });
      expect(info['model-uuid']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(info['controller-uuid']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const destroyed = await juju(
      'destroy-model',
      MODEL,
      '--no-prompt',
      '--destroy-storage',
      '--force',
    );
    expect(destroyed).toMatchObject({ code: 0, stdout: '' });
    const models = JSON.parse((await juju('models', '--format', 'json')).stdout);
    expect(models.models.map((m: any) => m['short-name'])).not.toContain(MODEL);
    expect(await juju('show-model', '--format', 'json', MODEL)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('not found'),
    });
  }, 120_000);
});
