/**
 * @module The controller's side of the workload host (workload-host-main.ts): connects to a
 * running host on `<run dir>/workloads.socket` — one that survived a controller crash — or
 * starts a new, detached one, then adds and removes containers over the control socket.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { AddOptions, WorkloadCommand, WorkloadReply } from './workload-host-main.ts';

const ENTRY = fileURLToPath(new URL('./workload-host-main.ts', import.meta.url));
const START_TIMEOUT_MS = 15_000;

function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

export class WorkloadHost {
  readonly #socket: Socket;
  readonly #pending = new Map<number, (reply: WorkloadReply) => void>();
  #nextId = 1;
  #buffer = '';

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#receive(chunk));
    socket.on('close', () => {
      for (const settle of this.#pending.values())
        settle({ id: 0, ok: false, error: 'the workload host went away' });
      this.#pending.clear();
    });
  }

  /**
   * The host serving `runDir`'s containers: the running one, or a new one started detached
   * (its output in `logFile`).
   */
  static async connect(runDir: string, logFile: string): Promise<WorkloadHost> {
    const path = join(runDir, 'workloads.socket');
    const running = await tryConnect(path);
    if (running) return new WorkloadHost(running);
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
    const log = openSync(logFile, 'a', 0o600);
    const child = spawn(process.execPath, [ENTRY, path], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    child.unref();
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const socket = await tryConnect(path);
      if (socket) return new WorkloadHost(socket);
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`cannot start the workload host (see ${logFile})`);
      await sleep(20);
    }
  }

  /**
   * Stops the workload host of `runDir` (and every workload it serves) if one is running:
   * what `kill-controller` does after the controller, which may have been killed, is gone.
   * Resolves to whether there was one.
   */
  static async shutdownIfRunning(runDir: string): Promise<boolean> {
    const socket = await tryConnect(join(runDir, 'workloads.socket'));
    if (!socket) return false;
    await new WorkloadHost(socket).shutdown();
    return true;
  }

  add(key: string, options: AddOptions): Promise<void> {
    return this.#call({ op: 'add', key, options }).then(() => undefined);
  }

  remove(key: string): Promise<void> {
    return this.#call({ op: 'remove', key }).then(() => undefined);
  }

  async names(): Promise<string[]> {
    return (await this.#call({ op: 'names' })) as string[];
  }

  /** Stops every container and the host itself. */
  async shutdown(): Promise<void> {
    await this.#call({ op: 'shutdown' }).catch(() => undefined);
    this.#socket.destroy();
  }

  /** Leaves the host and its containers running (a controller stopping for a restart). */
  disconnect(): void {
    this.#socket.destroy();
  }

  #call(request: WorkloadCommand): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (reply) =>
        reply.ok ? resolve(reply.result) : reject(new Error(reply.error)),
      );
      this.#socket.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    for (let at = this.#buffer.indexOf('\n'); at >= 0; at = this.#buffer.indexOf('\n')) {
      const reply = JSON.parse(this.#buffer.slice(0, at)) as WorkloadReply;
      this.#buffer = this.#buffer.slice(at + 1);
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    }
  }
}
