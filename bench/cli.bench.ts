/**
 * @module The `charmkit` CLI against a real controller daemon: `status --format json` of a
 * 200-unit model through the binary (and the API call alone, for the breakdown), and how
 * soon `charmkit wait` notices a model reaching active (goal < 100 ms after it happens).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../packages/cli/src/api-client.ts';
import { judge } from '../packages/cli/src/wait-condition.ts';
import type { Sample } from './measure.ts';
import { summarise, time } from './measure.ts';

const BIN = fileURLToPath(new URL('../packages/cli/bin/charmkit.js', import.meta.url));
const NOOP = fileURLToPath(new URL('./fixtures/noop', import.meta.url));

function charmkit(home: string, args: readonly string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CHARMKIT_HOME: home },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

async function must(home: string, args: readonly string[]): Promise<void> {
  const code = await charmkit(home, args);
  if (code !== 0) throw new Error(`charmkit ${args.join(' ')} exited ${code}`);
}

/** `wait` started before the app exists; the time from ready (seen by a 2 ms poller) to exit. */
async function waitLatency(home: string, client: ApiClient, app: string): Promise<number> {
  let exited = 0;
  const waiting = charmkit(home, ['wait', app, '-q', '--timeout', '120s']).then((code) => {
    exited = performance.now();
    return code;
  });
  await sleep(1500); // the wait process is up and polling
  await must(home, ['deploy', NOOP, app]);
  let ready = 0;
  while (exited === 0) {
    if (ready === 0 && judge(await client.status('bench'), 'active', [app]).ready)
      ready = performance.now();
    await sleep(2);
  }
  if ((await waiting) !== 0) throw new Error('charmkit wait failed');
  return ready === 0 ? 0 : Math.max(0, exited - ready);
}

export async function run(): Promise<Sample[]> {
  const home = mkdtempSync('/tmp/ck-bench-');
  const client = new ApiClient(join(home, 'controller.socket'));
  try {
    await must(home, ['bootstrap']);
    await must(home, ['add-model', 'bench']);
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) latencies.push(await waitLatency(home, client, `w${i}`));
    await must(home, ['deploy', NOOP, 'big', '-n', '200']);
    await must(home, ['wait', '-q', '--timeout', '300s']);
    const binary = await time(() => charmkit(home, ['status', '--format', 'json']), {
      iterations: 15,
      warmup: 2,
    });
    const api = await time(() => client.status('bench'), { iterations: 30, warmup: 3 });
    return [
      summarise(
        'cli: `charmkit status --format json`, 200-unit model',
        'ms',
        binary,
        'a Node process alone is 79 ms here',
      ),
      summarise('cli: the status API call alone, 200-unit model', 'ms', api),
      summarise(
        'cli: `charmkit wait` exits after the model is active',
        'ms',
        latencies,
        'goal < 100 ms',
      ),
    ];
  } finally {
    await charmkit(home, ['kill-controller']);
    rmSync(home, { recursive: true, force: true });
  }
}
