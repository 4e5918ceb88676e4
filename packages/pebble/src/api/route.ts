/**
 * @module The shape of one API route (Pebble's `internals/daemon/api.go` table): a path,
 * the access level it needs, and a handler per method.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiResponse } from './envelope.ts';

/** Pebble's access levels; over the unix socket every client is admin (documented deviation). */
export type Access = 'open' | 'user' | 'admin';

export interface RequestContext {
  readonly req: IncomingMessage;
  /** Only for handlers that stream their own body (pull, logs, websockets): return `{type:'raw'}`. */
  readonly res: ServerResponse;
  readonly url: URL;
  /** Path parameters, e.g. `{ id: '12' }` for `/v1/changes/{id}`. */
  readonly params: Readonly<Record<string, string>>;
  /** Aborted when the client disconnects. */
  readonly signal: AbortSignal;
}

export type Handler = (ctx: RequestContext) => Promise<ApiResponse> | ApiResponse;

export interface Route {
  /** Path pattern with `{name}` segments, e.g. `/v1/tasks/{task-id}/websocket/{websocket-id}`. */
  readonly path: string;
  readonly access: { readonly GET?: Access; readonly POST?: Access };
  readonly GET?: Handler;
  readonly POST?: Handler;
}
