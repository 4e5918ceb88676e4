/**
 * @module Dispatches requests through the route table (pebble-api.md §0.2–§0.3): `{param}`
 * segments, 404 `invalid API endpoint requested`, 405 before access checks, 401 over HTTP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorMessage } from '../errors.ts';
import type { ApiResponse } from './envelope.ts';
import { errorResponse, writeResponse } from './envelope.ts';
import type { Route } from './route.ts';

interface Compiled {
  readonly route: Route;
  readonly parts: readonly string[];
}

/** Whether the request came over the unix socket (admin) or plain HTTP (open routes only). */
export type Transport = 'unix' | 'http';

function match(
  parts: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const seg = segments[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (seg === '') return undefined;
      params[part.slice(1, -1)] = decodeURIComponent(seg);
    } else if (part !== seg) return undefined;
  }
  return params;
}

/** A route table with Pebble's matching and error rules. */
export class Router {
  readonly #routes: Compiled[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({ route, parts: route.path.split('/') }));
  }

  /** Finds the route and path parameters for `pathname`. */
  find(pathname: string): { route: Route; params: Record<string, string> } | undefined {
    const segments = pathname.split('/');
    for (const { route, parts } of this.#routes) {
      const params = match(parts, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  async #dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    transport: Transport,
  ): Promise<ApiResponse> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = this.find(url.pathname);
    if (!found) return errorResponse(404, 'invalid API endpoint requested');
    const method = req.method === 'GET' || req.method === 'POST' ? req.method : undefined;
    const handler = method ? found.route[method] : undefined;
    if (!method || !handler)
      return errorResponse(405, `method ${JSON.stringify(req.method)} not allowed`);
    const access = found.route.access[method] ?? 'admin';
    if (transport === 'http' && access !== 'open') return errorResponse(401, 'access denied');
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    return await handler({ req, res, url, params: found.params, signal: controller.signal });
  }

  /** Handles one request, rendering thrown `ApiError`s as error envelopes. */
  async handle(req: IncomingMessage, res: ServerResponse, transport: Transport): Promise<void> {
    let response: ApiResponse;
    try {
      response = await this.#dispatch(req, res, transport);
    } catch (err) {
      response =
        err instanceof ApiError
          ? errorResponse(err.status, err.message, err.kind)
          : errorResponse(500, errorMessage(err));
    }
    if (response.type === 'raw') return;
    if (res.headersSent || res.writableEnded) {
      res.end();
      return;
    }
    writeResponse(res, response);
  }
}
