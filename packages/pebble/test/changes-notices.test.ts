/** @module Changes and notices over the socket (pebble-api.md §1.1, §7): JSON shapes, wait/abort, filters, long-poll, persistence. */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- tests inspect raw wire JSON, whose shape is what they assert */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { addLayer, startDaemon, waitChange } from './helpers.ts';

describe('changes', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
    await addLayer(t, 'base', 'services: {svc: {override: replace, command: sleep 30}}');
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('lists, gets and waits for changes with the documented JSON shape', async () => {
    const post = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    const id = post.body.change as string;
    expect(id).toBe('1');
    const inProgress = await t.api('GET', '/v1/changes');
    expect(inProgress.body.result.map((c: any) => c.id)).toEqual(['1']);
    const pending = (await t.api('GET', `/v1/changes/${id}`)).body.result;
    expect(pending).toMatchObject({ id: '1', kind: 'start', ready: false });
    expect(pending['ready-time']).toBeUndefined();
    const done = await waitChange(t, id);
    expect(Object.keys(done)).toEqual([
      'id',
      'kind',
      'summary',
      'status',
      'tasks',
      'ready',
      'spawn-time',
      'ready-time',
    ]);
    expect(Object.keys(done.tasks[0])).toEqual([
      'id',
      'kind',
      'summary',
      'status',
      'progress',
      'spawn-time',
      'ready-time',
    ]);
    expect(done['spawn-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect((await t.api('GET', '/v1/changes')).body.result).toEqual([]);
    expect((await t.api('GET', '/v1/changes?select=ready')).body.result).toHaveLength(1);
    expect((await t.api('GET', '/v1/changes?select=all&for=svc')).body.result).toHaveLength(1);
    expect((await t.api('GET', '/v1/changes?select=all&for=other')).body.result).toHaveLength(0);
  });

  it('reports unknown changes, wait timeouts and aborting ready changes', async () => {
    const missing = await t.api('GET', '/v1/changes/42');
    expect(missing.status).toBe(404);
    expect(missing.body.result.message).toBe('cannot find change with id "42"');
    const post = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    const id = post.body.change as string;
    const timeout = await t.api('GET', `/v1/changes/${id}/wait?timeout=1ms`);
    expect(timeout.status).toBe(504);
    expect(timeout.body.result.message).toBe('timed out waiting for change after 1ms');
    await waitChange(t, id);
    const abort = await t.api('POST', `/v1/changes/${id}`, { action: 'abort' });
    expect(abort.status).toBe(400);
    expect(abort.body.result.message).toBe(`cannot abort change ${id} with nothing pending`);
  });

  it('aborts a pending change', async () => {
    const post = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    const id = post.body.change as string;
    const abort = await t.api('POST', `/v1/changes/${id}`, { action: 'abort' });
    expect(abort.status).toBe(200);
    const done = await waitChange(t, id);
    expect(done.ready).toBe(true);
  });

  it('keeps changes and notices across a restart', async () => {
    const post = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    await waitChange(t, post.body.change as string);
    await t.api('POST', '/v1/notices', { action: 'add', type: 'custom', key: 'example.com/a' });
    await t.restart();
    const change = (await t.api('GET', `/v1/changes/${post.body.change}`)).body.result;
    expect(change.status).toBe('Done');
    const notices = (await t.api('GET', '/v1/notices?types=custom')).body.result;
    expect(notices.map((n: any) => n.key)).toEqual(['example.com/a']);
    const next = await t.api('POST', '/v1/services', { action: 'stop', services: ['svc'] });
    expect(Number(next.body.change)).toBeGreaterThan(Number(post.body.change));
  });
});

describe('notices', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const notify = (key: string, extra: Record<string, unknown> = {}) =>
    t.api('POST', '/v1/notices', { action: 'add', type: 'custom', key, ...extra });

  it('adds custom notices and counts occurrences with increasing timestamps', async () => {
    const first = await notify('example.com/foo', { data: { k: 'v' } });
    expect(first.body.result).toEqual({ id: '1' });
    const second = await notify('example.com/foo', { 'repeat-after': '3600.000s' });
    expect(second.body.result).toEqual({ id: '1' });
    const notice = (await t.api('GET', '/v1/notices/1')).body.result;
    expect(notice).toMatchObject({
      id: '1',
      'user-id': process.getuid!(),
      type: 'custom',
      key: 'example.com/foo',
      occurrences: 2,
      'repeat-after': '1h0m0s',
      'expire-after': '168h0m0s',
    });
    expect(notice['last-data']).toBeUndefined();
    expect(notice['first-occurred'] < notice['last-occurred']).toBe(true);
    expect(notice['last-repeated']).toBe(notice['last-occurred']);
  });

  it('validates notices', async () => {
    const bad = await t.api('POST', '/v1/notices', {
      action: 'add',
      type: 'warning',
      key: 'example.com/x',
    });
    expect(bad.body.result.message).toBe('invalid type "warning" (can only add "custom" notices)');
    expect((await notify('nodomain')).status).toBe(400);
    const missing = await t.api('GET', '/v1/notices/99');
    expect(missing.status).toBe(404);
    expect(missing.body.result.message).toBe('cannot find notice with ID "99"');
  });

  it('records change-update notices and filters by type, key and after', async () => {
    await addLayer(t, 'base', 'services: {svc: {override: replace, command: sleep 30}}');
    const post = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    await waitChange(t, post.body.change as string);
    await notify('example.com/a');
    await notify('example.com/b');
    const all = (await t.api('GET', '/v1/notices')).body.result as any[];
    expect(all.map((n) => n.type)).toEqual(['change-update', 'custom', 'custom']);
    expect(all[0]).toMatchObject({
      key: post.body.change,
      'user-id': null,
      'last-data': { kind: 'start' },
    });
    expect(all[0].occurrences).toBeGreaterThanOrEqual(2);
    const byKey = (await t.api('GET', '/v1/notices?types=custom&keys=example.com/b')).body.result;
    expect(byKey.map((n: any) => n.key)).toEqual(['example.com/b']);
    const after = (
      await t.api('GET', `/v1/notices?after=${encodeURIComponent(all[1]['last-repeated'])}`)
    ).body.result;
    expect(after.map((n: any) => n.key)).toEqual(['example.com/b']);
    expect((await t.api('GET', '/v1/notices?types=bogus')).body.result).toEqual([]);
  });

  it('long-polls until a matching notice arrives, or returns [] on timeout', async () => {
    const empty = await t.api('GET', '/v1/notices?types=custom&timeout=10ms');
    expect(empty.body.result).toEqual([]);
    const poll = t.api('GET', '/v1/notices?types=custom&timeout=10s');
    await new Promise((r) => setTimeout(r, 20));
    await notify('example.com/late');
    const res = await poll;
    expect(res.body.result.map((n: any) => n.key)).toEqual(['example.com/late']);
  });
});
