/** @module Services with real child processes (pebble-api.md §3): actions, ordering, backoff, logs, shutdown. */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- tests inspect raw wire JSON, whose shape is what they assert */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { addLayer, startDaemon, waitChange, waitFor } from './helpers.ts';

async function services(t: TestDaemon, query = ''): Promise<any[]> {
  return (await t.api('GET', `/v1/services${query}`)).body.result as any[];
}

async function act(t: TestDaemon, action: string, names: string[]): Promise<any> {
  const res = await t.api('POST', '/v1/services', { action, services: names });
  expect(res.status).toBe(202);
  expect(res.body.type).toBe('async');
  expect(res.body.result).toBeUndefined();
  return waitChange(t, res.body.change as string);
}

describe('services', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('starts and stops a service with one task each', async () => {
    await addLayer(t, 'base', 'services: {svc: {override: replace, command: sleep 30}}');
    expect(await services(t)).toEqual([{ name: 'svc', startup: 'disabled', current: 'inactive' }]);
    const change = await act(t, 'start', ['svc']);
    expect(change).toMatchObject({
      kind: 'start',
      summary: 'Start service "svc"',
      status: 'Done',
      ready: true,
    });
    expect(change.err).toBeUndefined();
    expect(change.tasks).toHaveLength(1);
    expect(change.tasks[0]).toMatchObject({
      kind: 'start',
      summary: 'Start service "svc"',
      status: 'Done',
      progress: { label: '', done: 1, total: 1 },
    });
    const [info] = await services(t);
    expect(info).toMatchObject({ name: 'svc', current: 'active' });
    expect(info['current-since']).toMatch(/Z$/);
    const again = await act(t, 'start', ['svc']);
    expect(again.tasks[0].log[0]).toMatch(/ INFO Service "svc" already started\.$/);
    const stop = await act(t, 'stop', ['svc']);
    expect(stop).toMatchObject({ kind: 'stop', status: 'Done', summary: 'Stop service "svc"' });
    expect((await services(t))[0].current).toBe('inactive');
  });

  it('starts required services first in the same lane', async () => {
    await addLayer(
      t,
      'base',
      `services:
  web: {override: replace, command: sleep 30, requires: [db], after: [db]}
  db: {override: replace, command: sleep 30}
`,
    );
    const change = await act(t, 'start', ['web']);
    expect(change.summary).toBe('Start service "web"');
    expect(change.tasks.map((x: any) => x.summary)).toEqual([
      'Start service "db"',
      'Start service "web"',
    ]);
    const stop = await act(t, 'stop', ['db']);
    expect(stop.tasks.map((x: any) => x.summary)).toEqual([
      'Stop service "web"',
      'Stop service "db"',
    ]);
  });

  it('reports a service that exits quickly as a change error and backs off', async () => {
    await addLayer(
      t,
      'base',
      `services: {bad: {override: replace, command: sh -c "echo oops; exit 3"}}`,
    );
    const change = await act(t, 'start', ['bad']);
    expect(change.status).toBe('Error');
    expect(change.err).toBe(
      'cannot perform the following tasks:\n- Start service "bad" (service start attempt: exited quickly with code 3, will restart)',
    );
    expect(change.tasks[0].log.join('\n')).toContain('Most recent service output:\n    oops');
    await waitFor(async () => ['backoff', 'active'].includes((await services(t))[0].current));
    await act(t, 'stop', ['bad']);
    expect((await services(t))[0].current).toBe('inactive');
  });

  it('validates actions', async () => {
    await addLayer(t, 'base', 'services: {svc: {override: replace, command: sleep 30}}');
    const cases: [unknown, number, string, string?][] = [
      [{ action: 'autostart' }, 400, 'no default services', 'no-default-services'],
      [{ action: 'start', services: [] }, 400, 'must specify services for start action'],
      [
        { action: 'start', services: ['nope'] },
        400,
        'cannot start services: service "nope" does not exist',
      ],
      [{ action: 'jump', services: ['svc'] }, 400, 'invalid action "jump"'],
      [{ action: 'replan', services: ['svc'] }, 400, 'replan accepts no service names'],
    ];
    for (const [body, status, message, kind] of cases) {
      const res = await t.api('POST', '/v1/services', body);
      expect(res.status).toBe(status);
      expect(res.body.result.message).toBe(message);
      expect(res.body.result.kind).toBe(kind);
    }
  });

  it('passes environment and working-dir and captures output for /v1/logs', async () => {
    await addLayer(
      t,
      'base',
      `services:
  env:
    override: replace
    command: sh -c 'echo "$GREETING from $(pwd)"; sleep 30'
    environment: {GREETING: hello}
    working-dir: ${t.dir}
`,
    );
    await act(t, 'start', ['env']);
    const logs = await waitFor(async () => {
      const res = await t.api('GET', '/v1/logs?services=env&n=10');
      const lines = res.raw.toString().trim().split('\n').filter(Boolean);
      return lines.length > 0 ? { res, lines } : undefined;
    });
    expect(logs.res.headers['content-type']).toBe('application/x-ndjson');
    const entry = JSON.parse(logs.lines[0]!);
    expect(entry).toMatchObject({ service: 'env', message: `hello from ${t.dir}` });
  });

  it('replans: starts enabled services and restarts changed ones', async () => {
    const file = join(t.dir, 'out');
    await addLayer(
      t,
      'base',
      `services: {a: {override: replace, command: sh -c 'echo one >> ${file}; sleep 30', startup: enabled}}`,
    );
    const first = await act(t, 'replan', []);
    expect(first.summary).toBe('Replan service "a"');
    const none = await act(t, 'replan', []);
    expect(none.tasks[0].log[0]).toContain('already started');
    await addLayer(
      t,
      'two',
      `services: {a: {override: merge, command: sh -c 'echo two >> ${file}; sleep 30'}}`,
    );
    const second = await act(t, 'replan', []);
    expect(second.tasks.map((x: any) => x.kind)).toEqual(['stop', 'start']);
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
  });

  it('kills a service that ignores SIGTERM after kill-delay', async () => {
    await addLayer(
      t,
      'base',
      `services: {stubborn: {override: replace, command: sh -c 'trap "" TERM; while true; do sleep 0.1; done', kill-delay: 200ms}}`,
    );
    await act(t, 'start', ['stubborn']);
    const stop = await act(t, 'stop', ['stubborn']);
    expect(stop.status).toBe('Done');
    expect((await services(t))[0].current).toBe('inactive');
  });

  it('restarts a service', async () => {
    await addLayer(t, 'base', 'services: {svc: {override: replace, command: sleep 30}}');
    const restart = await act(t, 'restart', ['svc']);
    expect(restart.tasks.map((x: any) => x.kind)).toEqual(['stop', 'start']);
    expect(restart.summary).toBe('Restart service "svc"');
    expect((await services(t))[0].current).toBe('active');
  });
});

describe('autostart at daemon start', () => {
  it('starts enabled services unless --hold', async () => {
    const t = await startDaemon({ hold: true });
    try {
      await addLayer(
        t,
        'base',
        'services: {svc: {override: replace, command: sleep 30, startup: enabled}}',
      );
      await t.restart({ hold: false });
      await waitFor(async () => (await services(t))[0]?.current === 'active');
    } finally {
      await t.cleanup();
    }
  });
});

describe('daemon stop', () => {
  it('leaves no processes behind, grandchildren included', async () => {
    const t = await startDaemon({ hold: true });
    const pidFile = join(t.dir, 'grandchild.pid');
    try {
      await addLayer(
        t,
        'base',
        `services: {svc: {override: replace, command: sh -c 'sleep 30 & echo $! > ${pidFile}; wait'}}`,
      );
      await act(t, 'start', ['svc']);
      const pid = Number(await waitFor(() => readFileSync(pidFile, 'utf8').trim() || undefined));
      await t.daemon.stop();
      const alive = (): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      await waitFor(() => !alive());
    } finally {
      await t.cleanup();
    }
  });
});

describe('logs follow', () => {
  it('streams new output as ndjson', async () => {
    const t = await startDaemon({ hold: true });
    try {
      await addLayer(
        t,
        'base',
        `services: {tick: {override: replace, command: sh -c 'while true; do echo tick; sleep 0.05; done'}}`,
      );
      const line = new Promise<string>((resolve, reject) => {
        const req = request(
          { socketPath: t.daemon.socketPath, path: '/v1/logs?follow=true&n=0' },
          (res) => {
            res.once('data', (chunk: Buffer) => {
              resolve(chunk.toString());
              req.destroy();
            });
          },
        );
        req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)));
        req.end();
      });
      await act(t, 'start', ['tick']);
      const entry = JSON.parse((await line).split('\n')[0]!);
      expect(entry).toMatchObject({ service: 'tick', message: 'tick' });
      expect(entry.time).toMatch(/Z$/);
    } finally {
      await t.cleanup();
    }
  });
});
