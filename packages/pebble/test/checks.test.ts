/** @module Health checks (pebble-api.md §4): exec/http/tcp probes, thresholds, perform/recover changes, health. */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- tests inspect raw wire JSON, whose shape is what they assert */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { addLayer, startDaemon, waitChange, waitFor } from './helpers.ts';

async function checks(t: TestDaemon, query = ''): Promise<any[]> {
  return (await t.api('GET', `/v1/checks${query}`)).body.result as any[];
}

describe('checks', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('runs a passing exec check in a perform-check change', async () => {
    await addLayer(
      t,
      'base',
      'checks: {ok: {override: replace, level: alive, period: 30ms, exec: {command: "true"}}}',
    );
    const [info] = await waitFor(async () => {
      const list = await checks(t);
      return list[0]?.successes >= 2 ? list : undefined;
    });
    expect(info).toMatchObject({
      name: 'ok',
      level: 'alive',
      startup: 'enabled',
      status: 'up',
      threshold: 3,
    });
    expect(info.failures).toBeUndefined();
    const change = (await t.api('GET', `/v1/changes/${info['change-id']}`)).body.result;
    expect(change).toMatchObject({
      kind: 'perform-check',
      summary: 'Perform exec check "ok"',
      status: 'Doing',
    });
    expect((await t.api('GET', '/v1/health')).body.result).toEqual({ healthy: true });
    expect(await checks(t, '?level=ready')).toEqual([]);
  });

  it('goes down at the threshold, fails health and spawns a recover-check change', async () => {
    await addLayer(
      t,
      'base',
      'checks: {bad: {override: replace, level: ready, period: 100ms, threshold: 2, exec: {command: sh -c "echo nope; exit 1"}}}',
    );
    const info = await waitFor(async () => {
      const [c] = await checks(t);
      return c?.status === 'down' && c['prev-change-id'] ? c : undefined;
    });
    const failed = await waitChange(t, info['prev-change-id']);
    expect(failed.status).toBe('Error');
    // Like Pebble, every ERROR log line of the failed task is listed (one per failure).
    expect(failed.err).toBe(
      'cannot perform the following tasks:\n' +
        '- Perform exec check "bad" (exit status 1; nope)\n' +
        '- Perform exec check "bad" (exit status 1; nope)',
    );
    const recover = (await t.api('GET', `/v1/changes/${info['change-id']}`)).body.result;
    expect(recover).toMatchObject({ kind: 'recover-check', summary: 'Recover exec check "bad"' });
    const health = await t.api('GET', '/v1/health?level=ready');
    expect(health.status).toBe(502);
    expect(health.body).toEqual({
      type: 'sync',
      'status-code': 502,
      status: 'Bad Gateway',
      result: { healthy: false },
    });
    expect((await t.api('GET', '/v1/health?level=alive')).status).toBe(200);
    const notices = (await t.api('GET', '/v1/notices?types=change-update')).body.result as any[];
    expect(
      notices.some(
        (n) => n['last-data']?.kind === 'perform-check' && n['last-data']['check-name'] === 'bad',
      ),
    ).toBe(true);
  });

  it('checks http and tcp endpoints', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : 500;
      res.end('body line');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await addLayer(
        t,
        'base',
        `checks:
  web: {override: replace, period: 20ms, http: {url: "http://127.0.0.1:${port}/ok"}}
  err: {override: replace, period: 200ms, threshold: 1, http: {url: "http://127.0.0.1:${port}/bad"}}
  port: {override: replace, period: 20ms, tcp: {port: ${port}, host: 127.0.0.1}}
`,
      );
      await waitFor(async () => {
        const list = await checks(t);
        return list.length === 3 && list.every((c) => c.successes > 0 || c.status === 'down');
      });
      const byName = Object.fromEntries((await checks(t)).map((c) => [c.name, c]));
      expect(byName['web'].status).toBe('up');
      expect(byName['port'].status).toBe('up');
      expect(byName['err'].status).toBe('down');
      const failed = await waitChange(
        t,
        byName['err']['prev-change-id'] ?? byName['err']['change-id'],
      );
      expect(failed.err).toContain('non-2xx status code 500; body line');
    } finally {
      await t.cleanup();
      t = await startDaemon();
      server.close();
    }
  });

  it('starts and stops checks', async () => {
    await addLayer(
      t,
      'base',
      'checks: {a: {override: replace, period: 1h, startup: disabled, tcp: {port: 1}}, b: {override: replace, period: 1h, exec: {command: "true"}}}',
    );
    let list = await checks(t);
    expect(list.map((c) => [c.name, c.status, c.startup])).toEqual([
      ['a', 'inactive', 'disabled'],
      ['b', 'up', 'enabled'],
    ]);
    expect(list[0]['change-id']).toBeUndefined();
    const res = await t.api('POST', '/v1/checks', { action: 'stop', checks: ['a', 'b'] });
    expect(res.body.result).toEqual({ changed: ['b'] });
    list = await checks(t);
    expect(list[1].status).toBe('inactive');
    const stopped = await waitChange(t, list[1]['prev-change-id']);
    expect(stopped.status).toBe('Done');
    expect(stopped.err).toBeUndefined();
    const start = await t.api('POST', '/v1/checks', { action: 'start', checks: ['a'] });
    expect(start.body.result).toEqual({ changed: ['a'] });
    const bad = await t.api('POST', '/v1/checks', { action: 'start', checks: ['x', 'a'] });
    expect(bad.status).toBe(400);
    expect(bad.body.result.message).toBe('cannot start checks: cannot find checks in plan: x');
  });
});
