/**
 * @module The ingress charm's proxies: requests per second through the embedded proxy and
 * through nginx (when installed) against the same backend hit directly. The backend is the
 * e2e fixture's server in its own process; the load comes from this process over keep-alive
 * connections (32 in flight), GET of a small JSON body. Runs are interleaved (direct,
 * embedded, nginx, direct, …) so drift on a noisy machine hits every target alike.
 * Goal: the proxy costs less than 20% of the direct rate.
 */
import { spawn } from 'node:child_process';
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '../charms/ingress/test/helpers/backends.ts';
import { findNginx, startProxy } from '../charms/ingress/test/helpers/proxies.ts';
import type { Kind, RunningProxy } from '../charms/ingress/test/helpers/proxies.ts';
import type { Sample } from './measure.ts';
import { summarise } from './measure.ts';

const CONCURRENCY = 32;
const RUN_MS = 2000;
const RUNS = 5;
const server = fileURLToPath(
  new URL('../charms/ingress/test/fixtures/backend/src/workloads/server.ts', import.meta.url),
);

/** Requests per second over `ms` with `CONCURRENCY` requests in flight. */
async function rate(url: string, ms: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  let failed = 0;
  const until = performance.now() + ms;
  const one = () =>
    new Promise<void>((resolve) => {
      get(url, { agent }, (res) => {
        if (res.statusCode !== 200) failed++;
        res.resume();
        res.on('end', resolve);
      }).on('error', () => {
        failed++;
        resolve();
      });
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await one();
        done++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  if (failed > 0) throw new Error(`${failed} of ${done} requests to ${url} failed`);
  return done / seconds;
}

export async function run(): Promise<Sample[]> {
  const address = '127.0.0.1';
  const backendPort = await freePort();
  const backend = spawn(process.execPath, [server], {
    env: { ...process.env, HOST: address, PORT: String(backendPort), UNIT: 'backend/0' },
    stdio: 'ignore',
  });
  const direct = `http://${address}:${backendPort}`;
  await waitForHttp(direct);
  const kinds: Kind[] = findNginx() === undefined ? ['embedded'] : ['embedded', 'nginx'];
  const proxies: RunningProxy[] = [];
  for (const kind of kinds) {
    const route = { id: 'r1', app: 'demo-backend', prefix: '/demo-backend', stripPrefix: true };
    const listen = { address, port: await freePort() };
    proxies.push(await startProxy(kind, listen, [{ ...route, upstreams: [direct] }]));
  }
  const targets = [
    { name: 'direct', url: `${direct}/x` },
    ...proxies.map((p) => ({ name: p.kind, url: `${p.base}/demo-backend/x` })),
  ];
  const samples = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  try {
    for (const t of targets) await rate(t.url, 500); // warm-up: connections, JIT
    for (let i = 0; i < RUNS; i++) {
      for (const t of targets) samples.get(t.name)!.push(await rate(t.url, RUN_MS));
    }
  } finally {
    await Promise.all(proxies.map((p) => p.stop()));
    backend.kill();
  }
  const directRate = summarise('direct', '/s', samples.get('direct')!).median;
  return targets.map((t) => {
    if (t.name === 'direct') {
      return summarise(
        'ingress: GET direct to the backend',
        '/s',
        samples.get(t.name)!,
        `${CONCURRENCY} in flight, keep-alive`,
      );
    }
    const s = summarise(`ingress: GET through the ${t.name} proxy`, '/s', samples.get(t.name)!);
    const ratio = s.median / directRate;
    return {
      ...s,
      baseline: `${(ratio * 100).toFixed(0)}% of direct (cost ${((1 - ratio) * 100).toFixed(0)}%); goal cost < 20%`,
    };
  });
}
