/**
 * @module The local controller: hooks per second (goal ≥ 100/s), deploy three one-unit apps to
 * idle (goal < 3 s), one hook-tool call through the executable (bash → loopback → agent) and
 * through a charm runner's fast path, and `juju status` JSON of a
 * 1,000-unit model (goal < 200 ms) with the memory such a model takes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { CharmMeta } from '@charmkit/ops';
import { Controller, executeTool, ModelOperations, modelStatus } from '@charmkit/controller';
import { installHookTools } from '../packages/controller/src/agent/tool-client.ts';
import { ToolServer } from '../packages/controller/src/agent/tool-server.ts';
import { Store } from '../packages/controller/src/store/database.ts';
import type { Sample } from './measure.ts';
import { summarise, time } from './measure.ts';

const kv = new URL('../packages/controller/test/fixtures/kv', import.meta.url).pathname;

async function deployThree(): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const stateDir = mkdtempSync(join(tmpdir(), 'ck-b-'));
    const controller = await Controller.start({ stateDir, execute: executeTool });
    controller.ops.createModel('m');
    const start = performance.now();
    for (const name of ['a', 'b', 'c']) await controller.deploy('m', kv, { name });
    await controller.agents.settled();
    samples.push(performance.now() - start);
    await controller.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  return samples;
}

function runTool(path: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(path, ['--format=json'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('close', () => resolve());
  });
}

async function hookToolCall(): Promise<number[]> {
  const server = new ToolServer();
  await server.listen();
  const dir = installHookTools(join(mkdtempSync(join(tmpdir(), 'ck-t-')), 'bin'));
  const token = server.open(() => ({ code: 0, stdout: 'true\n', stderr: '' }));
  const env = {
    PATH: process.env.PATH,
    CHARMKIT_AGENT_PORT: String(server.port),
    CHARMKIT_HOOK_TOKEN: token,
  };
  const samples = await time(() => runTool(join(dir, 'is-leader'), env), {
    iterations: 50,
    warmup: 5,
  });
  await server.stop();
  return samples;
}

/** The same call from a charm runner: a loopback round trip from a worker thread, no process. */
async function fastPathToolCall(): Promise<number[]> {
  const server = new ToolServer();
  await server.listen();
  const token = server.open(() => ({ code: 0, stdout: 'true\n', stderr: '' }));
  const worker = new Worker(new URL('./fixtures/fast-tool-worker.ts', import.meta.url), {
    workerData: { port: server.port, token, iterations: 200, warmup: 20 },
  });
  const samples = await new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await server.stop();
  return samples;
}

function bigModel(): { status: number[]; memoryMb: number } {
  const base = {
    provides: {},
    requires: {},
    peers: {},
    containers: {},
    storage: {},
    resources: {},
    config: {},
    actions: {},
  };
  const meta: CharmMeta = { ...base, name: 'big', peers: { cluster: { interface: 'big-peers' } } };
  const before = process.memoryUsage().rss;
  const ops = new ModelOperations(Store.open(':memory:'));
  const model = ops.createModel('big');
  const charm = ops.addCharm(model, { name: 'big', dir: '/nonexistent', meta });
  for (let i = 0; i < 10; i++) ops.deploy(model, charm, { name: `app${i}`, numUnits: 100 });
  const status: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    JSON.stringify(modelStatus(ops, model, { controller: 'charmkit' }));
    status.push(performance.now() - start);
  }
  return { status, memoryMb: (process.memoryUsage().rss - before) / 2 ** 20 };
}

const tsNoop = new URL('./fixtures/ts-noop', import.meta.url).pathname;

/** Hooks per second: 50 units of a trivial TypeScript charm from deploy to settled. */
async function hooksPerSecond(): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const stateDir = mkdtempSync(join(tmpdir(), 'ck-h-'));
    const controller = await Controller.start({ stateDir, execute: executeTool });
    controller.ops.createModel('m');
    const start = performance.now();
    await controller.deploy('m', tsNoop, { name: 'noop', numUnits: 50 });
    await controller.agents.settled();
    const seconds = (performance.now() - start) / 1000;
    const hooks = controller.ops.repo.store.get<{ n: number }>(
      "SELECT count(*) AS n FROM status_history WHERE kind = 'agent' AND status = 'executing' AND message LIKE 'running % hook%'",
    )!.n;
    samples.push(hooks / seconds);
    await controller.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  return samples;
}

export async function run(): Promise<Sample[]> {
  const rate = await hooksPerSecond();
  const deploy = await deployThree();
  const tool = await hookToolCall();
  const fastTool = await fastPathToolCall();
  const big = bigModel();
  return [
    summarise(
      'controller: hooks per second, 50 units of a trivial TypeScript charm',
      '/s',
      rate,
      'goal ≥ 100/s on 2 cores',
    ),
    summarise('controller: deploy three one-unit apps to idle', 'ms', deploy, 'goal < 3 s'),
    summarise(
      'controller: one hook-tool call through the executable',
      'ms',
      tool,
      'a Node process alone is 79 ms here',
    ),
    summarise(
      'controller: one hook-tool call through the fast path (charm runner)',
      'ms',
      fastTool,
      'the executable above',
    ),
    summarise('controller: status JSON of a 1,000-unit model', 'ms', big.status, 'goal < 200 ms'),
    summarise(
      'controller: memory of a 1,000-unit model (store + status)',
      'MB',
      [big.memoryMb],
      'goal < 1 GB',
    ),
  ];
}
