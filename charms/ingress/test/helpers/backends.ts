/**
 * Small HTTP backends for proxy tests: each answers JSON naming itself, the path it received
 * and the forwarding headers, and completes websocket upgrades with one text frame.
 */
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Backend {
  readonly name: string;
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export interface Echo {
  readonly name: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

export async function startBackend(name: string, host = '127.0.0.1'): Promise<Backend> {
  const server = createServer((req, res) => {
    const body = JSON.stringify({
      name,
      path: req.url ?? '/',
      headers: req.headers,
    } satisfies Echo);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket: Duplex) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    const key = String(req.headers['sec-websocket-key']);
    const accept = createHash('sha1')
      .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    const text = Buffer.from(`hello from ${name} at ${req.url}`);
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.write(Buffer.concat([Buffer.from([0x81, text.length]), text]));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A free TCP port on `host`, below the ephemeral range when possible. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 20_000);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, host, () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

/** Polls `url` until it answers (any status) or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await fetch(url)).text();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A GET with an explicit Host header (fetch does not let one set it). */
export function getWithHost(url: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}
