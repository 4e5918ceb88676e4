/**
 * A real HTTP server on a unix socket that answers like Pebble (pebble-api.md) from canned
 * routes, and records every request, for testing the client's wire behaviour: envelopes,
 * errors, chunked multipart pushes, multipart pulls and exec websockets.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export type Answer =
  | { readonly sync: unknown; readonly status?: number }
  | { readonly async: string; readonly result?: unknown }
  | { readonly error: string; readonly status: number; readonly kind?: string }
  | { readonly raw: (res: ServerResponse) => void };

export class FakePebble {
  readonly socketPath: string;
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, (req: RecordedRequest) => Answer>();
  readonly #sockets = new Map<string, (ws: WebSocket) => void>();
  #server: Server | undefined;
  readonly #wss = new WebSocketServer({ noServer: true });

  constructor() {
    this.socketPath = join(mkdtempSync(join(tmpdir(), 'charmkit-pebble-')), 'pebble.socket');
  }

  /** Answers `METHOD /path` (query ignored) with `answer`. */
  on(route: string, answer: Answer | ((req: RecordedRequest) => Answer)): void {
    this.#routes.set(route, typeof answer === 'function' ? answer : () => answer);
  }

  /** Handles the websocket at `/v1/tasks/<task>/websocket/<id>`. */
  onSocket(path: string, handler: (ws: WebSocket) => void): void {
    this.#sockets.set(path, handler);
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.#answer(req, res, Buffer.concat(chunks)));
    });
    this.#server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const handler = this.#sockets.get(path);
      if (!handler) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => handler(ws));
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.socketPath, resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    this.requests.push(recorded);
    const route = this.#routes.get(`${req.method} ${url.pathname}`);
    const answer: Answer = route
      ? route(recorded)
      : { error: 'invalid API endpoint requested', status: 404 };
    if ('raw' in answer) {
      answer.raw(res);
      return;
    }
    let status: number;
    let envelope: Record<string, unknown>;
    if ('sync' in answer) {
      status = answer.status ?? 200;
      envelope = { type: 'sync', result: answer.sync };
    } else if ('async' in answer) {
      status = 202;
      envelope = {
        type: 'async',
        change: answer.async,
        ...(answer.result === undefined ? {} : { result: answer.result }),
      };
    } else {
      status = answer.status;
      envelope = {
        type: 'error',
        result: { message: answer.error, ...(answer.kind ? { kind: answer.kind } : {}) },
      };
    }
    const text = JSON.stringify({
      ...envelope,
      'status-code': status,
      status: STATUS_CODES[status],
    });
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(text);
  }
}

/** A change in Pebble's JSON shape. */
export function changeJson(
  id: string,
  options: { status?: string; err?: string; exitCode?: number } = {},
): unknown {
  const status = options.status ?? 'Done';
  return {
    id,
    kind: 'start',
    summary: 'Start service "svc"',
    status,
    tasks: [
      {
        id: '1',
        kind: 'exec',
        summary: 'x',
        status,
        progress: { label: '', done: 1, total: 1 },
        'spawn-time': '2026-07-22T10:00:00.123456789Z',
        ...(options.exitCode === undefined ? {} : { data: { 'exit-code': options.exitCode } }),
      },
    ],
    ready: ['Done', 'Error', 'Hold', 'Undone'].includes(status),
    ...(options.err ? { err: options.err } : {}),
    'spawn-time': '2026-07-22T10:00:00.123456789Z',
    'ready-time': '2026-07-22T10:00:01Z',
  };
}
