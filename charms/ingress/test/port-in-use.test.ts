/**
 * "Port in use", for real: the charm's probe (the script Pebble runs for it) tells our proxy
 * answering (with the routes just applied, or still older ones) from a port held by someone
 * else and from a free port, and the embedded proxy
 * waits for a taken port and serves as soon as it is freed.
 */
import { execFile, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Container } from '@charmkit/ops';
import { ProxyWorkload } from '../src/proxy-workload.ts';
import { healthText } from '../src/routes.ts';
import { freePort, waitForHttp } from './helpers/backends.ts';

const EMPTY = { routes: [] };

/** Just enough of a Container: `exec` runs the command here, as Pebble would on the host. */
const hostContainer = {
  exec: (command: readonly string[]) =>
    new Promise((resolve) => {
      execFile(command[0]!, command.slice(1), (error, stdout, stderr) =>
        resolve({ exitCode: error ? 1 : 0, stdout, stderr }),
      );
    }),
} as unknown as Container;

const hold = async (port: number): Promise<Server> => {
  const server = createServer((socket) => socket.end('HTTP/1.1 404 Not Found\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
};

describe('port in use', () => {
  it('the probe tells a free port, a taken one and our proxy apart', async () => {
    const workload = new ProxyWorkload(hostContainer, '/nonexistent');
    const port = await freePort();
    const listen = { address: '127.0.0.1', port };
    expect(await workload.probe(listen, EMPTY, 200)).toBe('free');
    const other = await hold(port);
    expect(await workload.probe(listen, EMPTY, 200)).toBe('EADDRINUSE');
    other.close();
  });

  it('the probe waits for our proxy to serve the routes just applied, else says stale', async () => {
    const workload = new ProxyWorkload(hostContainer, '/nonexistent');
    const port = await freePort();
    const newer = {
      routes: [{ id: 'r1', app: 'm-a', prefix: '/m-a', stripPrefix: false, upstreams: [] }],
    };
    let text = healthText(EMPTY); // the proxy is still on the older routes…
    const proxy = createHttpServer((_req, res) => res.end(text));
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    try {
      const listen = { address: '127.0.0.1', port };
      expect(await workload.probe(listen, newer, 300)).toBe('stale');
      setTimeout(() => (text = healthText(newer)), 200); // …until its reload lands
      expect(await workload.probe(listen, newer, 3000)).toBe('up');
    } finally {
      proxy.close();
    }
  });

  it('the embedded proxy waits for a taken port and serves once it is freed', async () => {
    const port = await freePort();
    const other = await hold(port);
    const dir = mkdtempSync(join(tmpdir(), 'ingress-busy-'));
    writeFileSync(join(dir, 'routes.json'), JSON.stringify({ routes: [] }));
    let stderr = '';
    const proxy = spawn(
      process.execPath,
      [fileURLToPath(new URL('../src/workloads/proxy.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          INGRESS_ROUTES: join(dir, 'routes.json'),
          INGRESS_LISTEN_ADDRESS: '127.0.0.1',
          INGRESS_LISTEN_PORT: String(port),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    proxy.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      for (let i = 0; i < 100 && !stderr.includes('in use'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is in use; retrying every second`);
      const workload = new ProxyWorkload(hostContainer, '/nonexistent');
      expect(await workload.probe({ address: '127.0.0.1', port }, EMPTY, 200)).toBe('EADDRINUSE');
      other.close(); // stops listening at once; its last connections may linger
      await waitForHttp(`http://127.0.0.1:${port}/_ingress/health`, 5000);
      expect(await workload.probe({ address: '127.0.0.1', port }, EMPTY)).toBe('up');
    } finally {
      proxy.kill('SIGTERM');
    }
  });
});
