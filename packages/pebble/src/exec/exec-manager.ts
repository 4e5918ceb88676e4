/**
 * @module Exec (pebble-api.md §6): turns `POST /v1/exec` into an `exec` change with one task
 * and serves the task websockets (`/v1/tasks/{task-id}/websocket/{id}`) via `ws`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { statusText } from '../api/envelope.ts';
import type { Service } from '../plan/types.ts';
import type { Change } from '../state/change.ts';
import type { State } from '../state/state.ts';
import type { TaskRunner } from '../state/task-runner.ts';
import { parseExecRequest } from './exec-request.ts';
import { Execution } from './execution.ts';

/** Dependencies of the exec manager. */
export interface ExecManagerDeps {
  readonly state: State;
  readonly runner: TaskRunner;
  readonly service: (name: string) => Service | undefined;
}

const WS_PATH = /^\/v1\/tasks\/([^/]+)\/websocket\/([^/]+)$/;

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({
    type: 'error',
    'status-code': status,
    status: statusText(status),
    result: { message },
  });
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Runs exec tasks and owns their websockets. */
export class ExecManager {
  readonly #deps: ExecManagerDeps;
  readonly #executions = new Map<string, Execution>();
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  constructor(deps: ExecManagerDeps) {
    this.#deps = deps;
  }

  /** Validates and starts an exec; returns the change and the API `result`. */
  start(body: Record<string, unknown>): { change: Change; result: Record<string, unknown> } {
    const spec = parseExecRequest(body, this.#deps.service);
    const summary = `Execute command ${JSON.stringify(spec.command[0])}`;
    const change = this.#deps.state.newChange({ kind: 'exec', summary });
    const task = this.#deps.state.newTask(change, { kind: 'exec', summary });
    const execution = new Execution(task.id, spec);
    this.#executions.set(task.id, execution);
    const handler = async (_t: unknown, ctx: { signal: AbortSignal }): Promise<void> => {
      try {
        task.data = { 'exit-code': await execution.run(ctx.signal) };
      } catch (err) {
        task.data = { 'exit-code': -1 };
        throw err;
      } finally {
        this.#executions.delete(task.id);
      }
    };
    this.#deps.runner.run(change, new Map([[task.id, handler]]));
    return {
      change,
      result: { 'task-id': task.id, environment: spec.environment, 'working-dir': spec.workingDir },
    };
  }

  /** Handles an HTTP upgrade on the unix socket (task websockets only). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = WS_PATH.exec(url.pathname);
    if (!m) return rejectUpgrade(socket, 404, 'invalid API endpoint requested');
    const taskId = decodeURIComponent(m[1] ?? '');
    const wsId = decodeURIComponent(m[2] ?? '');
    const found = this.#deps.state.findTask(taskId);
    if (!found) return rejectUpgrade(socket, 404, `cannot find task ${JSON.stringify(taskId)}`);
    if (found.task.kind !== 'exec') {
      return rejectUpgrade(
        socket,
        400,
        `${JSON.stringify(found.task.kind)} tasks do not have websockets`,
      );
    }
    const execution = this.#executions.get(taskId);
    if (!execution)
      return rejectUpgrade(socket, 400, `task ${JSON.stringify(taskId)} has already finished`);
    if (!execution.offers(wsId)) {
      return rejectUpgrade(
        socket,
        404,
        `cannot find ${wsId} websocket for task ${JSON.stringify(taskId)}`,
      );
    }
    if (execution.isConnected(wsId))
      return rejectUpgrade(socket, 500, `${wsId} websocket already connected`);
    this.#wss.handleUpgrade(req, socket, head, (ws) => execution.attach(wsId, ws));
  }

  /** Kills every running exec (daemon shutdown). */
  stopAll(): void {
    for (const execution of this.#executions.values()) execution.destroy();
    this.#executions.clear();
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }
}
