/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions on raw API JSON */
/**
 * Crash safety: `kill -9` of a real controller process while a model deploys, then a restart
 * on the same state directory. Nothing acknowledged is lost, the model converges, and no hook
 * whose results were committed runs again.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/charmkit-controller.js', import.meta.url));
const kv = fileURLToPath(new URL('fixtures/kv', import.meta.url));
const helloWeb = fileURLToPath(new URL('../../../examples/charms/hello-web', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'ck-crash-'));
const socketPath = join(stateDir, 'controller.socket');
let child: ChildProcess | undefined;

async function startController(): Promise<void> {
  child = spawn(process.execPath, [bin, '--state-dir', stateDir], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (existsSync(socketPath) && (await call('GET', '/v1/models').catch(() => undefined))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('controller did not start');
}

function call(method: string, path: string, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, method, path, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve(JSON.parse(data)));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('crash safety', () => {
  it('converges after kill -9 mid-deploy, without re-running committed hooks', async () => {
    await startController();
    await call('POST', '/v1/models', { name: 'm' });
    await call('POST', '/v1/models/m/applications', { charm: kv, numUnits: 3 });
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    await startController();
    const deadline = Date.now() + 30_000;
    let units: any[] = [];
    while (Date.now() < deadline) {
      const status = await call('GET', '/v1/models/m/status');
      units = Object.values(status.applications?.kv?.units ?? {});
      if (
        units.length === 3 &&
        units.every(
          (u) => u['juju-status'].current === 'idle' && u['workload-status'].current === 'active',
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(units.map((u) => u['workload-status'].current)).toEqual(['active', 'active', 'active']);
    expect(units.filter((u) => u.leader)).toHaveLength(1);
    const logs: { entity: string; message: string }[] = await call('GET', '/v1/models/m/logs');
    for (const unit of ['kv/0', 'kv/1', 'kv/2']) {
      const starts = logs.filter((l) => l.entity === unit && l.message === 'ran start');
      // A hook killed before it committed runs again; a committed one never does.
      expect(starts.length).toBeGreaterThanOrEqual(1);
      expect(starts.length).toBeLessThanOrEqual(2);
    }
  }, 60_000);

  it('leaves workloads running through kill -9, and picks them up again without pebble-ready', async () => {
    const port = 10_000 + Math.floor(Math.random() * 20_000);
    await call('POST', '/v1/models', { name: 'w' });
    await call('POST', '/v1/models/w/applications', {
      charm: helloWeb,
      numUnits: 1,
      config: { port: String(port), 'server-dir': join(stateDir, 'srv') },
    });
    const address = await waitForActive('w', 'hello-web/0');
    const url = `http://${address}:${port}/`;
    expect(await get(url)).toBe('hello from hello-web/0\n');
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    // The controller is gone; the workload is not.
    expect(await get(url)).toBe('hello from hello-web/0\n');
    await startController();
    await waitForActive('w', 'hello-web/0');
    await call('PATCH', '/v1/models/w/applications/hello-web/config', {
      values: { greeting: 'back' },
      reset: [],
    });
    const deadline = Date.now() + 20_000;
    let body = '';
    while (Date.now() < deadline && body !== 'back from hello-web/0\n') {
      body = await get(url).catch(() => '');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toBe('back from hello-web/0\n');
    const logs: { entity: string; message: string }[] = await call('GET', '/v1/models/w/logs');
    const ready = logs.filter((l) => l.message === 'Emitting Juju event web-pebble-ready.');
    expect(ready).toHaveLength(1);
  }, 60_000);
});

/** The body at `url`, retried for a few seconds while nothing listens yet. */
async function get(url: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(url)).text();
    } catch (error) {
      if (attempt > 50) throw new Error(`GET ${url}: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function waitForActive(model: string, unit: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await call('GET', `/v1/models/${model}/status`);
    const app = unit.split('/')[0]!;
    const u = status.applications?.[app]?.units?.[unit];
    if (u?.['workload-status']?.current === 'active' && u['juju-status'].current === 'idle')
      return u.address;
    if (Date.now() > deadline) throw new Error(`${unit} did not become active`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
