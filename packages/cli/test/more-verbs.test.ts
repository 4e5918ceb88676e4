/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- assertions on raw CLI JSON */
/**
 * User secrets (read back by the charm through `secret-get`), `exec`, `ssh`, `refresh`,
 * `trust`, `scale-application`, `resolve`, `wait` and `model-config` through the real binary
 * against a real controller, with the kv shell charm, bad input included.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charmkit, KV, tempHome, waitFor } from './helpers.ts';

const home = tempHome();
const ck = (...args: string[]) => charmkit(home, args);
const scratch = mkdtempSync(join(tmpdir(), 'ck-verbs-'));

async function status(): Promise<any> {
  return JSON.parse((await ck('status', '--format', 'json')).stdout);
}

beforeAll(async () => {
  expect((await ck('bootstrap')).code).toBe(0);
  expect((await ck('add-model', 'dev')).code).toBe(0);
  expect((await ck('deploy', KV)).code).toBe(0);
  expect((await ck('wait', '--timeout', '60s', '-q')).code).toBe(0);
}, 90_000);
afterAll(async () => {
  await ck('kill-controller');
}, 40_000);

describe('user secrets', () => {
  it('adds, shows, updates, grants and removes, in juju’s JSON shapes', async () => {
    const file = join(scratch, 'secret.yaml');
    writeFileSync(file, 'username: admin\npassword: hunter2\n');
    const added = await ck('add-secret', 'db-admin', '--info', 'admin login', '--file', file);
    expect(added.code).toBe(0);
    const uri = added.stdout.trim();
    expect(uri).toMatch(/^secret:[0-9a-v]{20}$/);
    const id = uri.slice('secret:'.length);

    const list = JSON.parse((await ck('secrets', '--format', 'json')).stdout);
    expect(list[id]).toMatchObject({ revision: 1, owner: '<model>', name: 'db-admin' });
    expect(list[id].created).toBe(list[id].updated);
    expect(list[id].created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const shown = JSON.parse(
      (await ck('show-secret', 'db-admin', '--reveal', '--format', 'json')).stdout,
    );
    expect(shown[id]).toMatchObject({
      name: 'db-admin',
      description: 'admin login',
      content: { Data: { username: 'admin', password: 'hunter2' } },
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    expect((await ck('update-secret', uri, 'password=s3cret', '--info', 'rotated')).code).toBe(0);
    const v2 = JSON.parse(
      (await ck('show-secret', 'db-admin', '--reveal', '--format', 'json')).stdout,
    );
    expect(v2[id]).toMatchObject({
      revision: 2,
      description: 'rotated',
      content: { Data: { password: 's3cret' } },
    });
    const v1 = JSON.parse(
      (await ck('show-secret', 'db-admin', '--reveal', '--revision', '1', '--format', 'json'))
        .stdout,
    );
    expect(v1[id].content.Data.password).toBe('hunter2');
    const revisions = JSON.parse(
      (await ck('show-secret', 'db-admin', '--revisions', '--format', 'json')).stdout,
    );
    expect(revisions[id].revisions.map((r: any) => r.revision)).toEqual([1, 2]);

    // A charm cannot read it before the grant, and can after (through its hook tools).
    const denied = await ck(
      'exec',
      '--format',
      'json',
      '--unit',
      'kv/0',
      '--',
      `secret-get ${uri}`,
    );
    expect(denied.code).toBe(1);
    expect((await ck('grant-secret', 'db-admin', 'kv')).code).toBe(0);
    const read = await ck(
      'exec',
      '--format',
      'json',
      '--unit',
      'kv/0',
      '--',
      `secret-get ${uri} password`,
    );
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)['kv/0'].results.stdout).toBe('s3cret\n');
    const granted = JSON.parse((await ck('show-secret', uri, '--format', 'json')).stdout);
    expect(granted[id].access).toEqual([
      { target: 'application-kv', scope: expect.stringMatching(/^model-/), role: 'view' },
    ]);
    expect((await ck('revoke-secret', 'db-admin', 'kv')).code).toBe(0);

    expect((await ck('remove-secret', 'db-admin', '--revision', '1')).code).toBe(0);
    expect((await ck('remove-secret', 'db-admin')).code).toBe(0);
    expect(JSON.parse((await ck('secrets', '--format', 'json')).stdout)).toEqual({});
  }, 60_000);

  it.each([
    [['add-secret', 'x'], 2, 'missing secret content'],
    [['add-secret', 'x', 'novalue'], 2, 'expected "key=value"'],
    [['add-secret', 'x', '--file', '/nope.yaml'], 2, 'secret file "/nope.yaml" not found'],
    [['add-secret', 'x', 'A=1'], 1, 'invalid key "A"'],
    [['show-secret', 'nope'], 1, 'secret "nope" not found'],
    [['grant-secret', 'nope', 'kv'], 1, 'secret "nope" not found'],
  ])('%j exits %i: %s', async (args, code, message) => {
    const result = await ck(...args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^ERROR .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('exec and ssh', () => {
  it('runs in the hook context and reports juju’s shape and exit codes (§6.4)', async () => {
    const ok = await ck('exec', '--format', 'json', '--unit', 'kv/0', '--', 'echo', 'bar', 'baz');
    expect(ok).toMatchObject({ code: 0 });
    expect(JSON.parse(ok.stdout)).toEqual({
      'kv/0': {
        id: expect.stringMatching(/^\d+$/),
        status: 'completed',
        unit: 'kv/0',
        results: { 'return-code': 0, stdout: 'bar baz\n' },
      },
    });
    const tools = await ck('exec', '--unit', 'kv/0', '--', 'config-get greeting; is-leader');
    expect(tools).toMatchObject({ code: 0, stdout: 'hi\nTrue\n' });
    const failed = await ck('exec', '--format', 'json', '--unit', 'kv/0', '--', 'exit 3');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)['kv/0'].results['return-code']).toBe(3);
    expect(failed.stderr).toContain('task failed');
    const unknown = await ck('exec', '--format', 'json', '--unit', 'nope/0', '--', 'true');
    expect(unknown).toMatchObject({ code: 0, stdout: '' });
    expect(unknown.stderr).toContain('unit "nope/0" not found');
    expect((await ck('exec', '--machine', '0', '--', 'true')).code).toBe(2);
  }, 60_000);

  it('ssh runs in the charm directory or in a container with stdin', async () => {
    const pwd = await ck('ssh', 'kv/0', 'pwd');
    expect(pwd.code).toBe(0);
    expect(pwd.stdout.trim()).toMatch(/kv-0\/charm$/);
    const cat = await charmkit(home, ['ssh', '--container', 'work', 'kv/0', 'cat'], 'piped\n');
    expect(cat).toMatchObject({ code: 0, stdout: 'piped\n' });
    const exit = await ck('ssh', 'kv/0', 'exit 4');
    expect(exit.code).toBe(4);
    const missing = await ck('ssh', '--container', 'nope', 'kv/0', 'true');
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('container "nope" not found'),
    });
  }, 30_000);
});

describe('application verbs', () => {
  it('trust flips application-config.trust', async () => {
    expect((await ck('trust', 'kv')).code).toBe(0);
    const on = JSON.parse((await ck('config', '--format', 'json', 'kv')).stdout);
    expect(on['application-config'].trust).toMatchObject({ value: true, source: 'user' });
    expect((await ck('trust', 'kv', '--remove')).code).toBe(0);
    const off = JSON.parse((await ck('config', '--format', 'json', 'kv')).stdout);
    expect(off['application-config'].trust.value).toBe(false);
  });

  it('scale-application adds and removes units', async () => {
    expect((await ck('scale-application', 'kv', '3')).code).toBe(0);
    expect((await ck('wait', '-q', '--timeout', '60s')).code).toBe(0);
    expect(Object.keys((await status()).applications.kv.units)).toHaveLength(3);
    expect((await ck('scale-application', 'kv', '1')).code).toBe(0);
    await waitFor(async () =>
      Object.keys((await status()).applications.kv.units).length === 1 ? true : undefined,
    );
    expect(await ck('scale-application', 'nope', '1')).toMatchObject({
      code: 1,
      stderr: 'ERROR application "nope" not found\n',
    });
  }, 90_000);

  it('refresh --path moves to a new revision and runs upgrade-charm', async () => {
    const refreshed = await ck('refresh', 'kv', '--path', KV);
    expect(refreshed.code).toBe(0);
    await waitFor(async () =>
      (await status()).applications.kv.charm === 'local:kv-1' ? true : undefined,
    );
    await waitFor(async () => {
      const log = await ck('debug-log', '--limit', '0');
      return log.stdout.includes('ran upgrade-charm') ? true : undefined;
    });
    expect(await ck('refresh', 'kv')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--path'),
    });
  }, 60_000);

  it('refresh --resource hands the charm the new file; without --path it is refused', async () => {
    const payload = join(scratch, 'payload-v2.txt');
    writeFileSync(payload, 'second edition');
    const refreshed = await ck('refresh', 'kv', '--path', KV, '--resource', `payload=${payload}`);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    await waitFor(async () => {
      const read = await ck('exec', '--unit', 'kv/0', '--', 'cat "$(resource-get payload)"');
      return read.stdout === 'second edition' ? true : undefined;
    });
    expect(await ck('refresh', 'kv', '--resource', `payload=${payload}`)).toMatchObject({
      code: 2,
      stderr: 'ERROR --resource needs --path: resources change together with the local charm\n',
    });
    expect(await ck('refresh', 'kv', '--path', KV, '--resource', 'nope=ubuntu')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unrecognized resource "nope" (the charm has: payload)'),
    });
  }, 60_000);

  it('resolve retries a failed hook, or skips it with --no-retry; wait reports the error', async () => {
    expect((await ck('config', 'kv', 'fail-on=config-changed', 'greeting=x')).code).toBe(0);
    const waited = await ck('wait', '-q', '--timeout', '30s');
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain('kv/0: error (hook failed: "config-changed")');
    expect((await ck('config', 'kv', '--reset', 'fail-on')).code).toBe(0);
    expect((await ck('resolve', 'kv/0')).code).toBe(0);
    expect((await ck('wait', '-q', '--timeout', '30s')).code).toBe(0);
    expect((await status()).applications.kv.units['kv/0']['workload-status'].message).toBe('x');

    expect((await ck('config', 'kv', 'fail-on=config-changed', 'greeting=y')).code).toBe(0);
    await waitFor(async () =>
      (await status()).applications.kv.units['kv/0']['workload-status'].current === 'error'
        ? true
        : undefined,
    );
    expect((await ck('resolved', '--no-retry', 'kv/0')).code).toBe(0);
    expect((await ck('wait', '-q', '--for', 'idle', '--timeout', '30s')).code).toBe(0);
    // Skipped: the status is still what the last successful config-changed set.
    expect((await status()).applications.kv.units['kv/0']['workload-status'].message).toBe('x');
    expect(await ck('resolve', 'kv/0')).toMatchObject({
      code: 1,
      stderr: 'ERROR unit "kv/0" is not in an error state\n',
    });
    expect((await ck('config', 'kv', '--reset', 'fail-on,greeting')).code).toBe(0);
  }, 90_000);

  it('wait times out naming what is pending', async () => {
    const result = await ck('wait', '--for', 'blocked', '--timeout', '300ms', '-q');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ERROR timed out after 0.3s waiting for blocked: kv: active/);
  });

  it('model-config gets with a capital Value, sets and resets', async () => {
    const before = JSON.parse((await ck('model-config', '--format', 'json')).stdout);
    expect(before['update-status-hook-interval'].Value).toBe('5m');
    expect((await ck('model-config', 'update-status-hook-interval=10s')).code).toBe(0);
    expect((await ck('model-config', 'update-status-hook-interval')).stdout).toBe('10s\n');
    expect((await ck('model-config', '--reset', 'update-status-hook-interval')).code).toBe(0);
    expect((await ck('model-config', 'update-status-hook-interval')).stdout).toBe('5m\n');
    expect(await ck('model-config', 'nope=1')).toMatchObject({
      code: 1,
      stderr: 'ERROR unknown model config key "nope"\n',
    });
  });
});

describe('deploy from a .charm file', () => {
  it('unpacks the zip with its file modes and runs the charm, resources attached', async () => {
    const zip = new AdmZip();
    zip.addLocalFolder(KV);
    const file = join(scratch, 'kv.charm');
    zip.writeZip(file);
    const payload = join(scratch, 'payload.txt');
    writeFileSync(payload, 'packed hello');
    const deployed = await ck('deploy', file, 'packed', '--resource', `payload=${payload}`);
    expect(deployed).toMatchObject({ code: 0, stdout: '' });
    expect(deployed.stderr).toContain('Located local charm "kv"');
    expect((await ck('wait', 'packed', '-q', '--timeout', '60s')).code).toBe(0);
    const log = await ck('debug-log', '--limit', '0', '--include', 'packed/0');
    expect(log.stdout).toContain('payload says packed hello');
    expect((await ck('remove-application', 'packed')).code).toBe(0);
  }, 60_000);

  it.each([
    [['deploy', '/nope.charm'], 'charm or bundle "/nope.charm" not found'],
    [
      ['deploy', KV, '--resource', 'payload=/nope'],
      'resource "payload": file "/nope" not found (looked for /nope)',
    ],
  ])('%j fails with one line', async (args, message) => {
    const result = await ck(...args);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `ERROR ${message}\n` });
  });

  it('refuses a file that is not a zip', async () => {
    const bogus = join(scratch, 'bogus.charm');
    writeFileSync(bogus, 'not a zip');
    const result = await ck('deploy', bogus);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^ERROR .*bogus\.charm/);
  });
});

describe('what a real jubilant 1.12 run needed', () => {
  it('run on an unknown unit schedules nothing: a message, empty stdout, exit 0 (juju 3)', async () => {
    const result = await ck('run', 'kv/42', 'echo', '--format', 'json');
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('failed to schedule any tasks:\nunit "kv/42" not found');
  });

  it('exec and run resolve <app>/leader', async () => {
    const exec = await ck('exec', '--format', 'json', '--unit', 'kv/leader', '--', 'echo', 'hi');
    expect(exec.code, exec.stderr).toBe(0);
    expect(Object.keys(JSON.parse(exec.stdout))).toEqual(['kv/0']);
  });

  it('shows a task by id', async () => {
    const exec = await ck('exec', '--format', 'json', '--unit', 'kv/0', '--', 'echo', 'shown');
    const id = JSON.parse(exec.stdout)['kv/0'].id as string;
    const shown = await ck('show-task', id, '--format', 'json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id, status: 'completed', unit: 'kv/0' });
  });

  it('ssh drops the ssh(1) options jubilant passes after the target', async () => {
    const result = await ck('ssh', 'kv/0', '-o', 'StrictHostKeyChecking=no', '-t', 'echo', 'hi');
    expect(result).toMatchObject({ code: 0, stdout: 'hi\n' });
  });

  it('scp copies to a unit and back', async () => {
    const file = join(scratch, 'to-unit.txt');
    writeFileSync(file, 'over the wire');
    expect((await ck('scp', file, 'kv/0:copied.txt')).code).toBe(0);
    const back = join(scratch, 'back.txt');
    expect((await ck('scp', 'kv/0:copied.txt', back)).code).toBe(0);
    expect(readFileSync(back, 'utf8')).toBe('over the wire');
    const both = await ck('scp', file, back);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exactly one of source and destination must be <unit>:<path>');
  });

  it('keeps model constraints, normalised as juju does, and refuses unknown ones', async () => {
    expect((await ck('set-model-constraints', 'mem=1G', 'cores=2')).code).toBe(0);
    expect(JSON.parse((await ck('model-constraints', '--format', 'json')).stdout)).toEqual({
      mem: 1024,
      cores: 2,
    });
    expect((await ck('model-constraints')).stdout).toBe('cores=2 mem=1024M\n');
    const bad = await ck('set-model-constraints', 'ram=1G');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown constraint "ram"');
  });

  it('refresh takes --config and --trust; deploy and bootstrap take juju flags they ignore', async () => {
    const refreshed = await ck(
      'refresh',
      'kv',
      '--path',
      KV,
      '--config',
      'greeting=fresh',
      '--trust',
    );
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect((await ck('config', 'kv', 'greeting')).stdout).toBe('fresh\n');
    const deployed = await ck(
      'deploy',
      KV,
      'flags',
      '--storage',
      'data=1G',
      '--base',
      'ubuntu@24.04',
      '--constraints',
      'mem=1G',
      '--force',
      '--bind',
      'alpha',
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    expect((await ck('bootstrap', 'localhost', 'charmkit', '--no-switch')).code).toBe(0);
    expect((await ck('remove-application', 'flags')).code).toBe(0);
  }, 30_000);
});
