/**
 * @module The README's main job: `charmkit up examples/demo` from a fresh state directory
 * (controller start included, npm install excluded: the demo's dependencies come from the
 * workspace) to every unit active and idle — goal < 15 s. Needs PostgreSQL's binaries.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Sample } from './measure.ts';
import { summarise } from './measure.ts';

const BIN = fileURLToPath(new URL('../packages/cli/bin/charmkit.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../examples/demo', import.meta.url));
const RUNS = 3;

function charmkit(home: string, args: readonly string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CHARMKIT_HOME: home },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

export async function run(): Promise<Sample[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const home = mkdtempSync(join('/tmp', 'ck-up-'));
    const start = performance.now();
    const code = await charmkit(home, ['up', DEMO, '--quiet', '--timeout', '3m']);
    const elapsed = performance.now() - start;
    await charmkit(home, ['kill-controller']);
    rmSync(home, { recursive: true, force: true });
    if (code !== 0) throw new Error(`charmkit up exited ${code}`);
    samples.push(elapsed);
  }
  return [
    summarise(
      'charmkit up examples/demo: fresh state directory to all active',
      'ms',
      samples,
      'goal < 15 s',
    ),
  ];
}
