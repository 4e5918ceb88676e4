/**
 * @module HTTP/1.1 servers (pebble-api.md §0.1): the unix socket (mode 0600, every client is
 * admin — a documented relaxation since Node has no SO_PEERCRED) and optional plain HTTP.
 */
import { chmod, unlink } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { Router, Transport } from './router.ts';

/** Handles HTTP upgrade requests (task websockets). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

async function socketInUse(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(path);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

function makeServer(router: Router, transport: Transport): Server {
  const server = createServer((req, res) => {
    void router.handle(req, res, transport);
  });
  server.keepAliveTimeout = 5000;
  return server;
}

function listen(server: Server, target: string | { host?: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (typeof target === 'string') server.listen(target, done);
    else server.listen(target.port, target.host, done);
  });
}

/** Listens on `socketPath`, replacing a stale socket; throws if another daemon answers. */
export async function listenUnix(
  router: Router,
  socketPath: string,
  onUpgrade?: UpgradeHandler,
): Promise<Server> {
  if (await socketInUse(socketPath)) {
    throw new Error(`socket ${JSON.stringify(socketPath)} already in use`);
  }
  await unlink(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  const server = makeServer(router, 'unix');
  if (onUpgrade) server.on('upgrade', onUpgrade);
  await listen(server, socketPath);
  await chmod(socketPath, 0o600);
  return server;
}

/** Parses `:4000`, `localhost:4000` or `4000` into host and port. */
export function parseHttpAddress(address: string): { host?: string; port: number } {
  const idx = address.lastIndexOf(':');
  const host = idx > 0 ? address.slice(0, idx) : undefined;
  const port = Number(idx >= 0 ? address.slice(idx + 1) : address);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid HTTP address ${JSON.stringify(address)}`);
  }
  return host ? { host, port } : { port };
}

/** Listens on a plain-HTTP address (open routes only). */
export async function listenHttp(router: Router, address: string): Promise<Server> {
  const server = makeServer(router, 'http');
  await listen(server, parseHttpAddress(address));
  return server;
}

/** Closes a server, dropping idle and active connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
