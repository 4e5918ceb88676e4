/**
 * hello-web, the SDK's TypeScript example, on the controller: bundled at deploy, run through
 * the hook tools, its container served by the controller's Pebble host. Two units share a
 * cluster key through an app-owned secret and the peer relation; each serves on its own
 * loopback address.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeTool } from '../src/agent/call-executor.ts';
import { Controller } from '../src/controller.ts';

const helloWeb = fileURLToPath(new URL('../../../examples/charms/hello-web', import.meta.url));
// Below the kernel's ephemeral range, so no outgoing connection can hold it.
const port = 10_000 + Math.floor(Math.random() * 20_000);
let controller: Controller;

const unit = (name: string) => controller.ops.repo.unit(controller.ops.modelUuid('demo'), name)!;

describe.each([
  { path: 'the fast path (a long-lived runner)', fastPath: true },
  { path: 'a dispatch process per hook, as Juju runs it', fastPath: false },
])('hello-web on the controller through $path', ({ fastPath }) => {
  beforeAll(async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'charmkit-hello-'));
    controller = await Controller.start({ stateDir, execute: executeTool, fastPath });
    controller.ops.createModel('demo');
    await controller.deploy('demo', helloWeb, {
      numUnits: 2,
      config: { port, 'server-dir': join(stateDir, 'srv') },
    });
    await controller.agents.settled();
  }, 60_000);
  afterAll(() => controller.stop());

  it('both units become active', () => {
    const errors = controller
      .logs('demo')
      .filter((l) => l.level === 'ERROR' || l.level === 'WARNING');
    expect(errors.map((l) => `${l.entity}: ${l.message}`)).toEqual([]);
    for (const name of ['hello-web/0', 'hello-web/1']) {
      expect({ name, status: unit(name).workloadStatus }).toMatchObject({
        name,
        status: { name: 'active', message: `serving on :${port}` },
      });
      expect(unit(name).ports).toEqual([`${port}/tcp`]);
      expect(unit(name).workloadVersion).toBe('1.0.0');
    }
  });

  it('each unit serves on its own address', async () => {
    for (const name of ['hello-web/0', 'hello-web/1']) {
      const res = await fetch(`http://${unit(name).address}:${port}/`);
      expect(await res.text()).toBe(`hello from ${name}\n`);
    }
  });

  it('the leader created the cluster key secret, encrypted at rest', () => {
    const uuid = controller.ops.modelUuid('demo');
    const [secret] = controller.ops.secrets.all(uuid);
    expect(secret).toMatchObject({
      ownerKind: 'application',
      owner: 'hello-web',
      label: 'cluster-key',
      rotate: 'monthly',
    });
  });

  it('runs the greet action on the leader', async () => {
    const task = controller.runAction('demo', 'hello-web/leader', 'greet', {
      name: 'Ada',
      loud: true,
    });
    const done = await controller.waitAction('demo', task.id, 20_000);
    expect(done).toMatchObject({
      status: 'completed',
      results: { greeting: 'HELLO, ADA!', 'return-code': 0 },
    });
  });

  it('config changes reach the workload', async () => {
    controller.change('demo', (uuid) =>
      controller.ops.setConfig(uuid, 'hello-web', { greeting: 'ahoy' }),
    );
    await controller.agents.settled();
    const res = await fetch(`http://${unit('hello-web/1').address}:${port}/`);
    expect(await res.text()).toBe('ahoy from hello-web/1\n');
  });
});
