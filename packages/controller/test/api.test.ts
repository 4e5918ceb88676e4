/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions on raw API JSON */
/**
 * The controller daemon and its API over a real unix socket: status in `juju status` JSON
 * shape, operations with Juju's errors, one controller per state directory.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerDaemon } from '../src/daemon.ts';

const kv = fileURLToPath(new URL('fixtures/kv', import.meta.url));
let daemon: ControllerDaemon;
let stateDir: string;
/** The controller's own log, as JSON lines, captured at debug level. */
const logLines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  }),
);
const logged = (msg: string): any[] =>
  logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === msg);

/** A request body sent as it is, not as JSON. */
class Raw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const text =
      body === undefined ? undefined : body instanceof Raw ? body.text : JSON.stringify(body);
    const req = request(
      {
        socketPath: daemon.socketPath,
        method,
        path,
        headers: { 'Content-Type': 'application/json' },
      },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'charmkit-api-'));
  daemon = await ControllerDaemon.start({ stateDir, logger });
}, 30_000);
afterAll(() => daemon.stop());

describe('controller API', () => {
  it('listens on a socket only its owner can use', () => {
    expect(statSync(daemon.socketPath).mode & 0o777).toBe(0o600);
  });

  it('refuses a second controller on the same state directory', async () => {
    await expect(ControllerDaemon.start({ stateDir, logger })).rejects.toThrow(
      `a controller is already running on ${stateDir} (pid ${process.pid})`,
    );
  });

  it('creates models and refuses duplicates', async () => {
    expect((await call('POST', '/v1/models', { name: 'dev' })).body.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(await call('POST', '/v1/models', { name: 'dev' })).toEqual({
      status: 409,
      body: { error: 'model "dev" already exists', code: 'already-exists' },
    });
    expect((await call('GET', '/v1/models/nope/status')).status).toBe(404);
  });

  it('deploys and reports status in juju’s JSON shape', async () => {
    const deployed = await call('POST', '/v1/models/dev/applications', {
      charm: kv,
      numUnits: 2,
      config: { greeting: 'hello' },
    });
    expect(deployed.body).toEqual({ name: 'kv', charm: 'local:kv-0' });
    const status = await waitFor(async () => {
      const s = (await call('GET', '/v1/models/dev/status')).body;
      const units: any[] = Object.values(s.applications?.kv?.units ?? {});
      return units.length === 2 &&
        units.every(
          (u) => u['juju-status'].current === 'idle' && u['workload-status'].current === 'active',
        )
        ? s
        : undefined;
    });
    expect(status.model).toMatchObject({
      name: 'dev',
      type: 'caas',
      controller: 'charmkit',
      cloud: 'localhost',
      version: '3.6.14',
    });
    expect(status.machines).toEqual({});
    const app = status.applications.kv;
    expect(app).toMatchObject({
      charm: 'local:kv-0',
      'charm-origin': 'local',
      'charm-name': 'kv',
      'charm-rev': 0,
      exposed: false,
      scale: 2,
    });
    expect(app['application-status']).toMatchObject({ current: 'active', message: 'hello' });
    expect(app.relations.cluster).toEqual([
      { 'related-application': 'kv', interface: 'kv-peers', scope: 'global' },
    ]);
    expect(app.units['kv/0']).toMatchObject({
      leader: true,
      'workload-status': { current: 'active', message: 'hello' },
    });
    expect(app.units['kv/1'].leader).toBeUndefined();
    expect(app.units['kv/1'].address).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(app.units['kv/0']['workload-status'].since).toMatch(
      /^\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}Z$/,
    );
  });

  it('gets and sets config with juju’s validation', async () => {
    const unknown = await call('PATCH', '/v1/models/dev/applications/kv/config', {
      values: { nope: 'x' },
    });
    expect(unknown).toEqual({
      status: 400,
      body: { error: 'unknown option "nope"', code: 'invalid' },
    });
    const wrong = await call('PATCH', '/v1/models/dev/applications/kv/config', {
      values: { greeting: 1.5 },
    });
    expect(wrong.body.error).toBe('option "greeting" expected string, got "1.5"');
    expect(
      (
        await call('PATCH', '/v1/models/dev/applications/kv/config', {
          values: { greeting: 'howdy' },
        })
      ).status,
    ).toBe(200);
    const config = (await call('GET', '/v1/models/dev/applications/kv/config')).body;
    expect(config.settings.greeting).toMatchObject({
      type: 'string',
      source: 'user',
      value: 'howdy',
    });
    expect(config.settings['fail-on']).toMatchObject({ source: 'default', value: '' });
  });

  it('runs actions and waits for them', async () => {
    const task = (
      await call('POST', '/v1/models/dev/actions', {
        unit: 'kv/leader',
        name: 'echo',
        params: { text: 'yo' },
      })
    ).body;
    const done = (await call('GET', `/v1/models/dev/actions/${task.id}?wait=10000`)).body;
    expect(done).toMatchObject({
      unit: 'kv/0',
      status: 'completed',
      results: { out: { text: 'yo' } },
    });
    const missing = await call('POST', '/v1/models/dev/actions', { unit: 'kv/0', name: 'nope' });
    expect(missing).toEqual({
      status: 404,
      body: { error: 'action "nope" not defined for unit "kv/0". (not found)', code: 'not-found' },
    });
  });

  it('integrates, removes relations and applications', async () => {
    await call('POST', '/v1/models/dev/applications', { charm: kv, name: 'up' });
    expect(
      (await call('POST', '/v1/models/dev/relations', { endpoints: ['kv:upstream', 'up:kv'] }))
        .status,
    ).toBe(200);
    await waitFor(async () =>
      (await call('GET', '/v1/models/dev/status')).body.applications.kv.relations.upstream
        ? true
        : undefined,
    );
    await call('POST', '/v1/models/dev/relations/remove', { endpoints: ['kv:upstream', 'up:kv'] });
    await call('DELETE', '/v1/models/dev/applications/up');
    await waitFor(async () => {
      const apps = (await call('GET', '/v1/models/dev/status')).body.applications;
      return !apps.up && !apps.kv.relations.upstream ? true : undefined;
    });
  });

  it('answers unknown endpoints and bad bodies clearly', async () => {
    expect((await call('GET', '/v1/nothing')).status).toBe(404);
    expect((await call('PUT', '/v1/models')).status).toBe(405);
    expect(await call('POST', '/v1/models', { name: '' })).toEqual({
      status: 400,
      body: { error: 'name must be a non-empty string', code: 'invalid' },
    });
    const notJson = await call('POST', '/v1/models', new Raw('{name: dev'));
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/^the request body is not JSON: /);
    expect(await call('POST', '/v1/models', [1])).toEqual({
      status: 400,
      body: { error: 'the request body must be a JSON object', code: 'invalid' },
    });
    // None of these is the controller's fault: nothing logged as a failure.
    expect(logged('api request failed')).toEqual([]);
  });
});

describe('the controller log', () => {
  it('records start-up, hooks and requests as JSON lines, and never secret content', async () => {
    expect(logged('controller started')[0]).toMatchObject({ stateDir, fastPath: true });
    expect(logged('api listening')[0]).toMatchObject({ socket: daemon.socketPath });
    expect(logged('hook ran')).toContainEqual(
      expect.objectContaining({ model: 'dev', unit: 'kv/0', hook: 'install' }),
    );
    expect(logged('api request')).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/v1/models/dev/status', status: 200 }),
    );
    const added = await call('POST', '/v1/models/dev/secrets', {
      name: 'db-pass',
      content: { password: 'hunter2-do-not-log' },
    });
    expect(added.status).toBe(200);
    expect(logged('api request')).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/v1/models/dev/secrets', status: 200 }),
    );
    expect(logLines.join('\n')).not.toContain('hunter2-do-not-log');
  });
});
