/**
 * @module Pebble's response envelope (pebble-api.md §0.2): every JSON answer, errors
 * included, is `{type, status-code, status, result, change}` with Go's status texts.
 */
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

/** Error kinds real Pebble puts in `result.kind`. */
export type ErrorKind =
  | 'login-required'
  | 'no-default-services'
  | 'not-found'
  | 'permission-denied'
  | 'generic-file-error'
  | 'system-restart'
  | 'daemon-restart';

/** What a route handler returns; the router renders it. `raw` handlers write `res` themselves. */
export type ApiResponse =
  | { readonly type: 'sync'; readonly status?: number; readonly result?: unknown }
  | { readonly type: 'async'; readonly change: string; readonly result?: unknown }
  | {
      readonly type: 'error';
      readonly status: number;
      readonly message: string;
      readonly kind?: ErrorKind;
      readonly value?: unknown;
    }
  | { readonly type: 'raw' };

export function syncResponse(result?: unknown, status = 200): ApiResponse {
  return { type: 'sync', status, result };
}

export function asyncResponse(change: string, result?: unknown): ApiResponse {
  return { type: 'async', change, result };
}

export function errorResponse(
  status: number,
  message: string,
  kind?: ErrorKind,
  value?: unknown,
): ApiResponse {
  return {
    type: 'error',
    status,
    message,
    ...(kind ? { kind } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}

/** Go's `http.StatusText`, which Node's table matches for every code Pebble uses. */
export function statusText(code: number): string {
  return STATUS_CODES[code] ?? '';
}

/** Writes an envelope to `res` (no-op for `raw`). */
export function writeResponse(res: ServerResponse, response: ApiResponse): void {
  if (response.type === 'raw') return;
  let code: number;
  let body: Record<string, unknown>;
  switch (response.type) {
    case 'sync':
      code = response.status ?? 200;
      body = { type: 'sync', 'status-code': code, status: statusText(code) };
      if (response.result !== undefined && response.result !== null)
        body['result'] = response.result;
      break;
    case 'async':
      code = 202;
      body = {
        type: 'async',
        'status-code': code,
        status: statusText(code),
        change: response.change,
      };
      if (response.result !== undefined && response.result !== null)
        body['result'] = response.result;
      break;
    case 'error': {
      code = response.status;
      const kind = response.kind ?? (code === 401 ? 'login-required' : undefined);
      const result: Record<string, unknown> = { message: response.message };
      if (kind) result['kind'] = kind;
      if (response.value !== undefined) result['value'] = response.value;
      body = { type: 'error', 'status-code': code, status: statusText(code), result };
      break;
    }
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
