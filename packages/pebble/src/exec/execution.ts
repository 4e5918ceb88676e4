/**
 * @module One exec task (pebble-api.md §6.2): its websockets (control, stdio, stderr), the
 * child process in a new session, stdin/stdout framing, signals, timeout and the
 * completion order (exit → close control → output EOF → `end` frames → exit code).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import { formatDuration } from '../util/duration.ts';
import type { ExecSpec } from './exec-request.ts';

export type WebsocketId = 'control' | 'stdio' | 'stderr';
const END = JSON.stringify({ command: 'end' });
const CONNECT_TIMEOUT_MS = 5000;

function signalNumber(signal: NodeJS.Signals): number {
  return (constants.signals as Record<string, number>)[signal] ?? 0;
}

/** The process and sockets of one exec task. */
export class Execution {
  readonly taskId: string;
  readonly spec: ExecSpec;
  readonly #sockets = new Map<WebsocketId, WebSocket>();
  readonly #connected: (() => void)[] = [];
  readonly #stdin: (Buffer | null)[] = [];
  #child: ChildProcess | undefined;
  /** Signals sent over `control` before the process was spawned. */
  readonly #pendingSignals: NodeJS.Signals[] = [];

  constructor(taskId: string, spec: ExecSpec) {
    this.taskId = taskId;
    this.spec = spec;
  }

  /** Whether `id` is a websocket this task offers. */
  offers(id: string): id is WebsocketId {
    return id === 'control' || id === 'stdio' || (id === 'stderr' && this.spec.splitStderr);
  }

  isConnected(id: WebsocketId): boolean {
    return this.#sockets.has(id);
  }

  /** Attaches an accepted websocket. */
  attach(id: WebsocketId, ws: WebSocket): void {
    this.#sockets.set(id, ws);
    if (id === 'stdio') {
      ws.on('message', (data: Buffer, isBinary: boolean) => this.#onStdin(data, isBinary));
      ws.on('close', () => this.#onStdin(null, true));
    } else if (id === 'control') {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) this.#onControl(data.toString());
      });
      ws.on('close', (code: number) => {
        if (code === 1006) this.#kill('SIGKILL');
      });
    }
    ws.on('error', () => undefined); // abrupt client shutdowns are expected (ops calls shutdown())
    for (const wake of this.#connected.splice(0)) wake();
  }

  #onStdin(data: Buffer | null, isBinary: boolean): void {
    let chunk = data;
    if (data && !isBinary) {
      if (data.toString().includes('"end"')) chunk = null;
      else return;
    }
    if (!this.#child) {
      this.#stdin.push(chunk);
      return;
    }
    if (chunk === null) this.#child.stdin?.end();
    else if (this.#child.stdin?.writable) this.#child.stdin.write(chunk);
  }

  #onControl(text: string): void {
    let msg: { command?: string; signal?: { name?: string } };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return; // invalid control messages are ignored, as in Pebble
    }
    if (msg.command === 'signal' && msg.signal?.name) this.#kill(msg.signal.name as NodeJS.Signals);
  }

  #kill(signal: NodeJS.Signals): void {
    if (!this.#child) {
      this.#pendingSignals.push(signal);
      return;
    }
    const pid = this.#child.pid;
    if (pid === undefined || this.#child.exitCode !== null) return;
    try {
      process.kill(pid, signal);
    } catch {
      // already exited or unknown signal: nothing to deliver
    }
  }

  async #waitForSockets(signal: AbortSignal): Promise<void> {
    const needed: WebsocketId[] = this.spec.splitStderr ? ['stdio', 'stderr'] : ['stdio'];
    const deadline = Date.now() + CONNECT_TIMEOUT_MS;
    while (!needed.every((id) => this.#sockets.has(id))) {
      const left = deadline - Date.now();
      if (left <= 0 || signal.aborted) {
        throw new Error(
          `exec ${this.taskId}: timeout waiting for websocket connections: context deadline exceeded`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#connected.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #forward(stream: Readable | null, id: WebsocketId): Promise<void> {
    const ws = this.#sockets.get(id);
    if (!stream) return Promise.resolve();
    stream.on('data', (chunk: Buffer) => {
      if (ws?.readyState === ws?.OPEN) ws?.send(chunk, { binary: true });
    });
    return once(stream, 'end').then(() => undefined);
  }

  /** Runs the command; resolves with the exit code, throws on timeout. */
  async run(signal: AbortSignal): Promise<number> {
    await this.#waitForSockets(signal);
    const [file, ...args] = this.spec.command;
    const child = spawn(file ?? '', args, {
      cwd: this.spec.workingDir,
      env: this.spec.environment,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(this.spec.uid !== undefined ? { uid: this.spec.uid, gid: this.spec.gid } : {}),
    });
    this.#child = child;
    child.stdin.on('error', () => undefined); // the command may exit without reading stdin
    for (const chunk of this.#stdin.splice(0)) {
      if (chunk === null) child.stdin.end();
      else child.stdin.write(chunk);
    }
    for (const sig of this.#pendingSignals.splice(0)) this.#kill(sig);
    const outputs = [
      this.#forward(child.stdout, 'stdio'),
      this.#forward(child.stderr, this.spec.splitStderr ? 'stderr' : 'stdio'),
    ];
    let timedOut = false;
    const timer =
      this.spec.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            this.#kill('SIGKILL');
          }, this.spec.timeoutMs)
        : undefined;
    const [code, sig] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    this.#sockets.get('control')?.close(1000);
    await Promise.all(outputs);
    for (const id of ['stdio', 'stderr'] as const) {
      const ws = this.#sockets.get(id);
      if (ws?.readyState === ws?.OPEN) {
        ws?.send(END);
        ws?.close(1000);
      }
    }
    if (timedOut)
      throw new Error(
        `timed out after ${formatDuration(this.spec.timeoutMs)}: context deadline exceeded`,
      );
    return code ?? 128 + signalNumber(sig ?? 'SIGKILL');
  }

  /** Kills the process and drops the sockets (daemon shutdown). */
  destroy(): void {
    const pid = this.#child?.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the session is already gone
      }
    }
    for (const ws of this.#sockets.values()) ws.terminate();
  }
}
