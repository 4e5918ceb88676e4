/**
 * @module HTTP/1.1 over a unix socket and Pebble's response envelope (pebble-api.md §0):
 * one request, one connection, errors turned into {@link PebbleApiError} with the message,
 * kind and reason phrase Pebble sent.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { PebbleApiError, PebbleConnectionError, PebbleProtocolError } from './errors.ts';

export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Query;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The decoded envelope of a successful JSON response. */
export interface Envelope {
  readonly type: 'sync' | 'async';
  readonly result: unknown;
  readonly change?: string;
}

export function buildPath(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Sends one request and buffers the whole response. `node:http` is loaded on first use:
 * hooks that never touch Pebble should not pay for it at start-up.
 */
export async function send(socketPath: string, req: HttpRequest): Promise<HttpResponse> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    const clientRequest = request(
      {
        socketPath,
        // A connection per request: a kept-alive socket can outlive the daemon's end of it
        // (a restarted Pebble, a long-lived charm runner between hooks) and hang the request.
        agent: false,
        method: req.method,
        path: buildPath(req.path, req.query),
        headers: {
          ...req.headers,
          ...(body ? { 'Content-Length': String(body.byteLength) } : {}),
        },
        timeout: req.timeoutMs,
        signal: req.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    clientRequest.on('timeout', () =>
      clientRequest.destroy(new Error(`no answer within ${req.timeoutMs} ms`)),
    );
    clientRequest.on('error', (error: NodeJS.ErrnoException) => {
      const connectionCodes = ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'EACCES', 'ECONNRESET'];
      reject(
        connectionCodes.includes(error.code ?? '') || error.message.startsWith('no answer')
          ? new PebbleConnectionError(socketPath, error)
          : error,
      );
    });
    clientRequest.end(body);
  });
}

/** Parses a JSON envelope; non-2xx answers become {@link PebbleApiError}. */
export function decodeEnvelope(res: HttpResponse): Envelope {
  const contentType = res.headers['content-type'] ?? '';
  let parsed: Record<string, unknown> | undefined;
  if (contentType.startsWith('application/json')) {
    try {
      parsed = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new PebbleProtocolError(`Pebble sent invalid JSON (HTTP ${res.statusCode})`);
    }
  }
  if (res.statusCode < 200 || res.statusCode > 299) {
    const result = (parsed?.result ?? {}) as { message?: unknown; kind?: unknown };
    const message =
      typeof result.message === 'string'
        ? result.message
        : res.body.toString('utf8') || res.statusMessage;
    throw new PebbleApiError(message, {
      statusCode: res.statusCode,
      status: res.statusMessage,
      kind: typeof result.kind === 'string' ? result.kind : undefined,
      body: parsed,
    });
  }
  if (!parsed) {
    throw new PebbleProtocolError(
      `expected a JSON response from Pebble, got content type "${contentType}"`,
    );
  }
  return {
    type: parsed.type === 'async' ? 'async' : 'sync',
    result: parsed.result,
    ...(typeof parsed.change === 'string' ? { change: parsed.change } : {}),
  };
}
