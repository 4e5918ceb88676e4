/**
 * @module The pool of long-lived charm runners (charm-runner-main.ts): per charm bundle, idle
 * runners are reused and new ones forked when all are busy (the unit-agent pool bounds how
 * many hooks run at once). A runner idle for {@link IDLE_MS} exits. A runner that dies
 * mid-hook fails that hook, as a crashed hook process would.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunMessage, RunnerReply } from './charm-runner-main.ts';
import type { CharmUser } from './charm-user.ts';

const ENTRY = fileURLToPath(new URL('./charm-runner-main.ts', import.meta.url));
const IDLE_MS = 30_000;

/** The marker `prepareCharm` writes next to a bundle built for the fast path. */
export const RUNNER_MARKER = '.charmkit-runner';

/** The bundle a charm directory can run in a runner, if it has one. */
export function runnerBundle(charmDir: string): string | undefined {
  return existsSync(join(charmDir, RUNNER_MARKER)) ? join(charmDir, 'dist', 'charm.js') : undefined;
}

export interface RunnerOutput {
  (stream: 'stdout' | 'stderr', text: string): void;
}

class Runner {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  #idleTimer: NodeJS.Timeout | undefined;
  #current:
    { id: number; resolve: (code: number | null) => void; output: RunnerOutput } | undefined;
  #lastOutput: RunnerOutput | undefined;
  #nextId = 1;
  #claimed = false;

  constructor(bundle: string, user: CharmUser | undefined, onExit: (runner: Runner) => void) {
    this.child = fork(ENTRY, [bundle], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      cwd: '/',
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      this.child[stream]?.on('data', (chunk: Buffer) =>
        (this.#current?.output ?? this.#lastOutput)?.(stream, chunk.toString('utf8')),
      );
    }
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (reply: RunnerReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'failed') reject(new Error(reply.message));
        else if (reply.type === 'done' && this.#current?.id === reply.id) this.#finish(reply.code);
      });
      this.child.on('exit', (code) => {
        reject(new Error(`charm runner exited with code ${code ?? 'unknown'}`));
        this.#finish(null);
        onExit(this);
      });
    });
    this.ready.catch(() => undefined);
  }

  get busy(): boolean {
    return this.#claimed;
  }

  /** Reserves the runner for one dispatch (synchronously, before it is even ready). */
  claim(): void {
    clearTimeout(this.#idleTimer);
    this.#claimed = true;
  }

  run(env: Record<string, string>, cwd: string, output: RunnerOutput): Promise<number | null> {
    return new Promise((resolve) => {
      const id = this.#nextId++;
      this.#current = { id, resolve, output };
      this.#lastOutput = output;
      const message: RunMessage = { type: 'run', id, env, cwd };
      this.child.send(message);
    });
  }

  #finish(code: number | null): void {
    const current = this.#current;
    this.#current = undefined;
    this.#claimed = false;
    current?.resolve(code);
    this.#idleTimer = setTimeout(() => this.stop(), IDLE_MS);
    this.#idleTimer.unref();
  }

  stop(): void {
    clearTimeout(this.#idleTimer);
    if (this.child.exitCode === null) this.child.kill();
  }
}

export class CharmRunners {
  readonly #pools = new Map<string, Runner[]>();
  readonly #waiting = new Map<string, (() => void)[]>();
  /** Runners per bundle: one per core; more would only share the cores and cost memory. */
  readonly #limit: number;
  readonly #user: CharmUser | undefined;

  /** `user`: the unprivileged user runners run as (see charm-user.ts). */
  constructor(options: { limit?: number; user?: CharmUser | undefined } = {}) {
    this.#limit = options.limit ?? Math.max(2, availableParallelism());
    this.#user = options.user;
  }

  /**
   * Claims an idle runner of `bundle`, a new one while under the limit, else the next one
   * freed. The claim is taken synchronously with the search: an `await` between them would
   * let two hooks claim the same runner.
   */
  async #acquire(bundle: string, pool: Runner[]): Promise<Runner> {
    for (;;) {
      const idle = pool.find((r) => !r.busy);
      if (idle) {
        idle.claim();
        return idle;
      }
      if (pool.length < this.#limit) {
        const runner = new Runner(bundle, this.#user, (gone) => {
          const at = pool.indexOf(gone);
          if (at >= 0) pool.splice(at, 1);
          this.#release(bundle);
        });
        pool.push(runner);
        runner.claim();
        return runner;
      }
      await new Promise<void>((resolve) => {
        const queue = this.#waiting.get(bundle) ?? [];
        queue.push(resolve);
        this.#waiting.set(bundle, queue);
      });
    }
  }

  #release(bundle: string): void {
    this.#waiting.get(bundle)?.shift()?.();
  }

  /** Runs one dispatch of `bundle` with `env` in `cwd`; resolves to its exit code. */
  async run(
    bundle: string,
    request: { env: Record<string, string>; cwd: string },
    output: RunnerOutput,
  ): Promise<number | null> {
    const pool = this.#pools.get(bundle) ?? [];
    this.#pools.set(bundle, pool);
    const runner = await this.#acquire(bundle, pool);
    try {
      await runner.ready;
      return await runner.run(request.env, request.cwd, output);
    } catch (error) {
      output('stderr', `${(error as Error).message}\n`);
      return null;
    } finally {
      this.#release(bundle);
    }
  }

  stopAll(): void {
    for (const pool of this.#pools.values()) for (const runner of pool) runner.stop();
    this.#pools.clear();
  }
}
