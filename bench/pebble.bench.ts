/**
 * @module `@charmkit/pebble` through the `@charmkit/ops` client on a real unix socket: exec
 * round trip, 100 MB push and pull, service start-to-active, and the memory one idle container
 * costs in host mode (goal: 500 idle containers in one process under 300 MB).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PebbleHttpClient } from '@charmkit/ops/pebble';
import { PebbleDaemon } from '@charmkit/pebble';
import type { Sample } from './measure.ts';
import { summarise, time } from './measure.ts';

const MB = 1024 * 1024;

async function throughput(
  fn: () => Promise<unknown>,
  bytes: number,
  runs: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(bytes / MB / ((performance.now() - start) / 1000));
  }
  return samples;
}

/** RSS growth per idle container, measured in a fresh process hosting `count` daemons. */
function idleContainerMemory(count: number): number {
  const root = mkdtempSync(join(tmpdir(), 'ck-host-'));
  const script = `
    import { PebbleHost } from '@charmkit/pebble';
    const host = new PebbleHost();
    await host.add('warm', { stateDir: ${JSON.stringify(root)} + '/warm' });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < ${count}; i++) await host.add('c' + i, { stateDir: ${JSON.stringify(root)} + '/c' + i });
    await new Promise((r) => setTimeout(r, 1000));
    globalThis.gc?.();
    const after = process.memoryUsage().rss;
    console.log((after - before) / ${count});
    await host.stopAll();
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url).pathname,
    encoding: 'utf8',
  });
  rmSync(root, { recursive: true, force: true });
  return Number(out.trim()) / MB;
}

export async function run(): Promise<Sample[]> {
  const root = mkdtempSync(join(tmpdir(), 'ck-bench-'));
  const daemon = await PebbleDaemon.start({
    stateDir: join(root, 'state'),
    socketPath: join(root, 'pebble.socket'),
  });
  const client = new PebbleHttpClient({ socketPath: daemon.socketPath, timeoutMs: 30_000 });
  try {
    const exec = await time(() => client.exec(['true']), { iterations: 50, warmup: 5 });
    const payload = Buffer.alloc(100 * MB, 7);
    const file = join(root, 'big.bin');
    const push = await throughput(() => client.push(file, payload), payload.byteLength, 5);
    const pull = await throughput(() => client.pull(file), payload.byteLength, 5);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await client.addLayer(`svc${i}`, {
        services: { [`s${i}`]: { override: 'replace', command: 'sleep 60' } },
      });
      const start = performance.now();
      await client.startServices([`s${i}`]);
      starts.push(performance.now() - start);
      await client.stopServices([`s${i}`]);
    }
    const perContainer = idleContainerMemory(500);
    return [
      summarise('pebble: exec round trip of `true`', 'ms', exec),
      summarise('pebble: push 100 MB', 'MB/s', push),
      summarise('pebble: pull 100 MB', 'MB/s', pull),
      summarise(
        'pebble: service start → active (includes the 1 s okay-delay)',
        'ms',
        starts,
        'Pebble waits 1 s before declaring a service started',
      ),
      summarise(
        'pebble host: RSS per idle container (500 hosted)',
        'MB',
        [perContainer],
        `500 containers add ${(perContainer * 500).toFixed(0)} MB of RSS; goal < 300 MB`,
      ),
    ];
  } finally {
    await daemon.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
