/**
 * The ingress charm on a real local controller: bundled at deploy with its embedded proxy
 * workload, run through the hook tools, its proxy under the controller's Pebble. A backend
 * fixture charm (test/fixtures/backend, IngressRequirer) relates to it; requests through the
 * published URL reach it, follow it as it scales up and down, and 404 once the relation is
 * gone. Runs for the embedded proxy always, and for nginx when installed
 * (CHARMKIT_REQUIRE_NGINX=1 makes a missing nginx a failure).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Controller, executeTool } from '@charmkit/controller';
import { availableKinds } from './helpers/proxies.ts';

const ingressCharm = fileURLToPath(new URL('..', import.meta.url));
const backendCharm = fileURLToPath(new URL('./fixtures/backend', import.meta.url));
const randomPort = () => 10_000 + Math.floor(Math.random() * 20_000);

interface Served {
  readonly status: number;
  readonly name?: string;
  readonly path?: string;
  readonly text: string;
}

describe.each(availableKinds())('ingress with the %s proxy on a real controller', (kind) => {
  let controller: Controller;
  const port = randomPort();
  const backendPort = randomPort();
  let url = '';

  const unit = (name: string) => controller.ops.repo.unit(controller.ops.modelUuid('demo'), name)!;
  const change = async (fn: (uuid: string) => unknown) => {
    controller.change('demo', fn);
    await controller.agents.settled();
  };
  const get = async (path = ''): Promise<Served> => {
    const res = await fetch(`${url}${path}`);
    const text = await res.text();
    if (res.headers.get('content-type') !== 'application/json') return { status: res.status, text };
    const body = JSON.parse(text) as { name: string; path: string };
    return { status: res.status, name: body.name, path: body.path, text };
  };
  /** Proxies apply a reload asynchronously (nginx starts new workers): poll briefly. */
  const eventually = async (ok: () => Promise<boolean>) => {
    for (let i = 0; i < 60 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const namesOver = async (n: number) => {
    const names = new Set<string>();
    for (let i = 0; i < n; i++) names.add((await get('/x')).name ?? 'none');
    return [...names].sort();
  };

  beforeAll(async () => {
    const stateDir = mkdtempSync(join(tmpdir(), `charmkit-ingress-${kind}-`));
    controller = await Controller.start({ stateDir, execute: executeTool });
    controller.ops.createModel('demo');
    await controller.deploy('demo', ingressCharm, { config: { proxy: kind, port } });
    await controller.deploy('demo', backendCharm, { config: { port: backendPort } });
    await change((uuid) => controller.ops.integrate(uuid, 'ingress', 'backend'));
  }, 60_000);
  afterAll(() => controller.stop());

  it('publishes a URL that reaches the backend', async () => {
    const errors = controller.logs('demo').filter((l) => l.level === 'ERROR');
    expect(errors.map((l) => `${l.entity}: ${l.message}`)).toEqual([]);
    const address = unit('ingress/0').address;
    url = `http://${address}:${port}/demo-backend`;
    expect(unit('backend/0').workloadStatus).toMatchObject({ name: 'active', message: url });
    expect(unit('ingress/0').workloadStatus).toMatchObject({
      name: 'active',
      message: `1 URL via ${kind} on ${address}:${port}`,
    });
    // Active means the proxy already serves these routes (a regression: nginx's reload was
    // still under way, and the first request got the old routes' 502).
    const served = await get('/hello?x=1');
    expect(served).toMatchObject({ status: 200, name: 'backend/0', path: '/hello?x=1' });
  });

  it('balances across the backend’s units as it scales up', async () => {
    await change((uuid) => controller.ops.addUnits(uuid, 'backend', 1));
    await eventually(async () => (await namesOver(4)).length === 2);
    expect(await namesOver(6)).toEqual(['backend/0', 'backend/1']);
  }, 30_000);

  it('stops sending to a unit that is gone', async () => {
    await change((uuid) => controller.ops.removeUnit(uuid, 'backend/1'));
    await eventually(async () => (await namesOver(4)).length === 1);
    expect(await namesOver(6)).toEqual(['backend/0']);
  }, 30_000);

  it('answers 404 once the relation is removed', async () => {
    await change((uuid) => controller.ops.removeRelation(uuid, 'ingress', 'backend'));
    await eventually(async () => (await get('/x')).status === 404);
    expect(await get('/x')).toMatchObject({ status: 404, text: 'no route for this path\n' });
    expect(unit('ingress/0').workloadStatus).toMatchObject({
      name: 'active',
      message: `0 URLs via ${kind} on ${unit('ingress/0').address}:${port}`,
    });
  }, 30_000);
});
