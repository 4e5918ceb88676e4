/**
 * @module The embedded reverse proxy: a Node HTTP server on http-proxy-3 that serves a
 * {@link RouteTable}. Round-robin across a route's upstreams over keep-alive agents,
 * X-Forwarded-For/Proto/Host (and -Prefix when stripping), websocket upgrades, a retry on
 * the next upstream when a connection is refused for GET/HEAD (as nginx's
 * `proxy_next_upstream error`), 502 with a plain-text reason when nothing can answer.
 * `setRoutes` swaps the table atomically: requests in flight keep the route they matched.
 */
import { Agent as HttpAgent, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { HEALTH_PATH, healthText, matchRoute, upstreamPath } from '../routes.ts';
import type { Listen, Route, RouteTable } from '../routes.ts';

export interface EmbeddedProxy {
  readonly server: Server;
  /** Replaces the routes; in-flight requests finish on the routes they started with. */
  setRoutes(table: RouteTable): void;
  /**
   * Stops accepting, lets in-flight requests finish (Pebble's kill-delay bounds the wait),
   * drops websocket tunnels, closes idle upstream sockets.
   */
  close(): Promise<void>;
}

/** Where a request started in the round-robin and how many upstreams it has tried. */
interface Tries {
  readonly start: number;
  readonly attempt: number;
  /** The request's headers before the first attempt (xfwd appends to them). */
  readonly headers: IncomingMessage['headers'];
}

const RETRYABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Starts listening; resolves once bound (rejects with EADDRINUSE & co.). */
export async function startEmbeddedProxy(
  listen: Listen,
  table: RouteTable,
): Promise<EmbeddedProxy> {
  let routes: readonly Route[] = table.routes;
  let health = healthText(table);
  const cursors = new Map<string, number>();
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 }),
  };
  const proxy = createProxyServer({ xfwd: true, ws: true, secure: false, proxyTimeout: 300_000 });
  proxy.on('error', () => undefined); // every call passes its own callback

  /** The next round-robin position of a route. */
  const turn = (route: Route): number => {
    const at = cursors.get(route.id) ?? 0;
    cursors.set(route.id, (at + 1) % Math.max(1, route.upstreams.length));
    return at;
  };
  const upstreamAt = (route: Route, index: number): string | undefined =>
    route.upstreams.length === 0 ? undefined : route.upstreams[index % route.upstreams.length];

  const prepare = (req: IncomingMessage, route: Route): void => {
    if (route.stripPrefix && route.prefix !== undefined) {
      req.url = upstreamPath(route, req.url ?? '/');
      req.headers['x-forwarded-prefix'] = route.prefix;
    }
  };

  const web = (req: IncomingMessage, res: ServerResponse, route: Route, tries: Tries): void => {
    const upstream = upstreamAt(route, tries.start + tries.attempt);
    if (tries.attempt > 0) req.headers = { ...tries.headers };
    if (upstream === undefined) {
      plain(res, 502, `no upstream available for ${route.app}\n`);
      return;
    }
    const agent = upstream.startsWith('https:') ? agents.https : agents.http;
    proxy.web(req, res, { target: upstream, agent }, (err: Error) => {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const idempotent = req.method === 'GET' || req.method === 'HEAD';
      if (RETRYABLE.has(code) && idempotent && tries.attempt + 1 < route.upstreams.length) {
        web(req, res, route, { ...tries, attempt: tries.attempt + 1 });
        return;
      }
      plain(res, 502, `upstream ${upstream} of ${route.app} failed: ${code || err.message}\n`);
    });
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === HEALTH_PATH) {
      plain(res, 200, health);
      return;
    }
    const route = matchRoute(routes, req.headers.host, path);
    if (route === undefined) {
      plain(res, 404, 'no route for this path\n');
      return;
    }
    prepare(req, route);
    web(req, res, route, { start: turn(route), attempt: 0, headers: { ...req.headers } });
  });
  server.keepAliveTimeout = 65_000;
  const tunnels = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    const route = matchRoute(routes, req.headers.host, req.url ?? '/');
    const upstream = route ? upstreamAt(route, turn(route)) : undefined;
    if (route === undefined || upstream === undefined) {
      socket.end(
        `HTTP/1.1 ${route ? 502 : 404} ${route ? 'Bad Gateway' : 'Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
      return;
    }
    prepare(req, route);
    proxy.ws(req, socket, head, { target: upstream }, () => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.address, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    server,
    setRoutes(next: RouteTable): void {
      routes = next.routes;
      health = healthText(next);
    },
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Websockets have no end to wait for: their clients reconnect.
        for (const socket of tunnels) socket.destroy();
        // Keep-alive connections that finish a response after close() started.
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        server.once('close', () => clearInterval(idle));
      });
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function plain(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
