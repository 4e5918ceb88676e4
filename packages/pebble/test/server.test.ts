/** @module Transport, envelope and routing (pebble-api.md §0–§1). */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access -- tests inspect raw wire JSON, whose shape is what they assert */
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { startDaemon } from './helpers.ts';

describe('server and router', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('creates the socket with mode 0600', () => {
    expect(statSync(t.daemon.socketPath).mode & 0o777).toBe(0o600);
  });

  it('serves system-info in a sync envelope', async () => {
    const res = await t.api('GET', '/v1/system-info');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ type: 'sync', 'status-code': 200, status: 'OK' });
    expect(res.body.result.version).toMatch(/^v\d/);
    expect(typeof res.body.result['boot-id']).toBe('string');
  });

  it('answers unknown routes with 404 invalid API endpoint requested', async () => {
    for (const path of ['/v1/nope', '/v1/warnings', '/']) {
      const res = await t.api('GET', path);
      expect(res.status).toBe(404);
      expect(res.statusMessage).toBe('Not Found');
      expect(res.body).toEqual({
        type: 'error',
        'status-code': 404,
        status: 'Not Found',
        result: { message: 'invalid API endpoint requested' },
      });
    }
  });

  it('answers unsupported methods with 405', async () => {
    const res = await t.api('PUT', '/v1/system-info');
    expect(res.status).toBe(405);
    expect(res.body.result).toEqual({ message: 'method "PUT" not allowed' });
    expect(res.body.status).toBe('Method Not Allowed');
  });

  it('reports health with no checks as healthy and rejects bad levels', async () => {
    const ok = await t.api('GET', '/v1/health?level=ready');
    expect(ok.body).toEqual({
      type: 'sync',
      'status-code': 200,
      status: 'OK',
      result: { healthy: true },
    });
    const bad = await t.api('GET', '/v1/health?level=foo');
    expect(bad.status).toBe(400);
    expect(bad.body.result.message).toBe('level must be "alive" or "ready"');
  });

  it('refuses to start on a socket another daemon answers', async () => {
    const { PebbleDaemon } = await import('../src/index.ts');
    await expect(
      PebbleDaemon.start({ stateDir: `${t.dir}/other`, socketPath: t.daemon.socketPath }),
    ).rejects.toThrow(/already in use/);
  });
});

describe('plain HTTP listener', () => {
  it('serves open endpoints and answers 401 access denied for the rest', async () => {
    const t = await startDaemon({ httpAddress: '127.0.0.1:0' });
    try {
      const port = t.daemon.httpPort!;
      const health = await fetch(`http://127.0.0.1:${port}/v1/health?level=alive`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        type: 'sync',
        'status-code': 200,
        status: 'OK',
        result: { healthy: true },
      });
      const info = await fetch(`http://127.0.0.1:${port}/v1/system-info`);
      expect(((await info.json()) as any).result['http-address']).toBe('127.0.0.1:0');
      const plan = await fetch(`http://127.0.0.1:${port}/v1/plan?format=yaml`);
      expect(plan.status).toBe(401);
      expect(await plan.json()).toEqual({
        type: 'error',
        'status-code': 401,
        status: 'Unauthorized',
        result: { message: 'access denied', kind: 'login-required' },
      });
    } finally {
      await t.cleanup();
    }
  });
});
