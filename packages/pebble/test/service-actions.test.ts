/** @module Service exit actions, check-failure restarts and signals (pebble-api.md §3.5–§3.7). */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment -- tests inspect raw wire JSON */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDaemon } from './helpers.ts';
import { addLayer, startDaemon, waitChange, waitFor } from './helpers.ts';

async function current(t: TestDaemon, name: string): Promise<string> {
  const res = await t.api('GET', `/v1/services?names=${name}`);
  return (res.body.result as { current: string }[])[0]?.current ?? '';
}

describe('service exit actions', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('on-failure: ignore leaves the service in error; on-success: ignore makes it inactive', async () => {
    await addLayer(
      t,
      'base',
      `services:
  fails: {override: replace, command: sh -c 'sleep 1.2; exit 2', on-failure: ignore}
  works: {override: replace, command: sh -c 'sleep 1.2', on-success: ignore}
`,
    );
    const res = await t.api('POST', '/v1/services', {
      action: 'start',
      services: ['fails', 'works'],
    });
    const change = await waitChange(t, res.body.change);
    expect(change.summary).toBe('Start service "fails" and 1 more');
    await waitFor(async () => (await current(t, 'fails')) === 'error');
    await waitFor(async () => (await current(t, 'works')) === 'inactive');
  });

  it('on-failure: shutdown stops the daemon with exit code 10', async () => {
    await addLayer(
      t,
      'base',
      `services: {down: {override: replace, command: sh -c 'sleep 1.2; exit 1', on-failure: shutdown}}`,
    );
    await t.api('POST', '/v1/services', { action: 'start', services: ['down'] });
    expect(await t.daemon.exited).toBe(10);
  });

  it('on-check-failure: restart restarts the service through backoff', async () => {
    await addLayer(
      t,
      'base',
      `services:
  svc: {override: replace, command: sleep 30, backoff-delay: 10ms, on-check-failure: {chk: restart}}
checks:
  chk: {override: replace, period: 1s, threshold: 3, exec: {command: "false"}}
`,
    );
    const res = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    await waitChange(t, res.body.change);
    const since = (await t.api('GET', '/v1/services')).body.result[0]['current-since'];
    // The check crosses its threshold ~3 s after the layer is added, well after the start
    // (1 s okay-delay) completed and \`since\` was read; generous timeouts for loaded machines.
    await waitFor(async () => {
      const info = (await t.api('GET', '/v1/services')).body.result[0];
      return info['current-since'] !== since;
    }, 25_000);
  }, 40_000);

  it('sends signals to running services only', async () => {
    await addLayer(
      t,
      'base',
      `services: {svc: {override: replace, command: sh -c 'trap "echo got-hup" HUP; while true; do sleep 0.05; done'}}`,
    );
    const notRunning = await t.api('POST', '/v1/signals', { signal: 'SIGHUP', services: ['svc'] });
    expect(notRunning.status).toBe(500);
    expect(notRunning.body.result.message).toBe(
      'cannot send signal to "svc": service is not running',
    );
    const res = await t.api('POST', '/v1/services', { action: 'start', services: ['svc'] });
    await waitChange(t, res.body.change);
    const ok = await t.api('POST', '/v1/signals', { signal: 'SIGHUP', services: ['svc'] });
    expect(ok.body.result).toBe(true);
    await waitFor(async () =>
      (await t.api('GET', '/v1/logs?services=svc')).raw.toString().includes('got-hup'),
    );
  });
});
