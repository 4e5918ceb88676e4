/**
 * @module Serves {@link ROUTES} over HTTP on a unix socket only its owner can use (0600).
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Controller } from '../controller.ts';
import { silentLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import { ControllerError } from '../model/errors.ts';
import { badRequest, ROUTES } from './routes.ts';
import type { ApiRoute } from './routes.ts';

const STATUS: Record<string, number> = {
  'not-found': 404,
  'already-exists': 409,
  invalid: 400,
  'relation-mismatch': 400,
  'relation-limit': 400,
  'permission-denied': 403,
};

interface Compiled {
  readonly route: ApiRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const COMPILED: readonly Compiled[] = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

async function handle(
  controller: Controller,
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const started = performance.now();
  // Paths and status only: bodies carry config, databags and secret content.
  res.once('finish', () =>
    logger.debug(
      {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'api request',
    ),
  );
  const matches = COMPILED.filter((c) => c.pattern.test(url.pathname));
  const found = matches.find((c) => c.route.method === req.method);
  if (!found) {
    send(res, matches.length > 0 ? 405 : 404, {
      error:
        matches.length > 0
          ? `method ${req.method} not allowed`
          : `no such endpoint ${url.pathname}`,
    });
    return;
  }
  try {
    const m = found.pattern.exec(url.pathname)!;
    const params = Object.fromEntries(
      found.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]),
    );
    const result = await found.route.handler(controller, {
      params,
      query: url.searchParams,
      body: await readBody(req),
    });
    send(res, 200, result ?? {});
  } catch (error) {
    if (error instanceof ControllerError)
      send(res, STATUS[error.code] ?? 400, { error: error.message, code: error.code });
    else {
      // Anything else is a fault of the controller's, not of the request: logged with its stack.
      logger.error({ err: error, method: req.method, path: url.pathname }, 'api request failed');
      send(res, 500, { error: (error as Error).message });
    }
  }
}

/** Listens on `socketPath` (replacing a stale socket) with mode 0600. */
export async function serveApi(
  controller: Controller,
  socketPath: string,
  logger: Logger = silentLogger,
): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((req, res) => void handle(controller, logger, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  chmodSync(socketPath, 0o600);
  return server;
}
