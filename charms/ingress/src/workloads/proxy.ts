/**
 * @module The embedded proxy's program, run by Pebble as
 * `node dist/workloads/proxy.js` with `INGRESS_LISTEN_ADDRESS`, `INGRESS_LISTEN_PORT` and
 * `INGRESS_ROUTES` (the routes JSON file). SIGHUP re-reads the routes file and swaps the
 * table without closing a connection; a file that does not parse is logged and the old table
 * kept. SIGTERM drains: stop accepting, finish in-flight requests (Pebble's kill-delay).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { startEmbeddedProxy } from '../embedded/proxy-server.ts';
import type { EmbeddedProxy } from '../embedded/proxy-server.ts';
import { routeTableSchema } from '../routes.ts';
import type { RouteTable } from '../routes.ts';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`ingress proxy: ${name} is not set\n`);
    process.exit(2);
  }
  return value;
}

const routesFile = env('INGRESS_ROUTES');
const listen = { address: env('INGRESS_LISTEN_ADDRESS'), port: Number(env('INGRESS_LISTEN_PORT')) };

function load(): RouteTable {
  return routeTableSchema.parse(JSON.parse(readFileSync(routesFile, 'utf8')));
}

/**
 * Binds, retrying every second while the port is taken: Pebble keeps the service up, the
 * charm reports the port as in use, and the proxy serves as soon as the port is freed.
 */
async function start(): Promise<EmbeddedProxy> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startEmbeddedProxy(listen, load());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (attempt === 0) {
        process.stderr.write(
          `ingress proxy: port ${listen.port} on ${listen.address} is in use; retrying every second\n`,
        );
      }
      await delay(1000);
    }
  }
}

/** Set once bound. */
const running: { proxy?: EmbeddedProxy } = {};
// Registered before binding: a SIGHUP's default action would kill the process.
process.on('SIGHUP', () => {
  const proxy = running.proxy;
  if (proxy === undefined) return; // still binding; every attempt reads the file afresh
  try {
    const table = load();
    proxy.setRoutes(table);
    process.stderr.write(`ingress proxy: reloaded ${table.routes.length} route(s)\n`);
  } catch (error) {
    process.stderr.write(
      `ingress proxy: reload failed, keeping the old routes: ${(error as Error).message}\n`,
    );
  }
});
process.on('SIGTERM', () => {
  if (running.proxy === undefined) process.exit(0);
  void running.proxy.close().then(() => process.exit(0));
});

running.proxy = await start();
process.stderr.write(`ingress proxy: listening on ${listen.address}:${listen.port}\n`);
