/**
 * @module One service's state machine (pebble-api.md §3.1–§3.6): spawn in its own process
 * group, 1 s okay-delay, exit actions, backoff with jitter, SIGTERM→SIGKILL stop.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Service } from '../plan/types.ts';
import { backoffWait, nextBackoff } from './backoff.ts';
import {
  DEFAULT_BACKOFF_DELAY_MS,
  DEFAULT_BACKOFF_FACTOR,
  DEFAULT_BACKOFF_LIMIT_MS,
  DEFAULT_KILL_DELAY_MS,
} from '../plan/types.ts';
import { errorMessage } from '../errors.ts';
import { parseServiceCommand } from '../util/shlex.ts';
import type { Nanos } from '../util/timestamp.ts';
import { nowNanos } from '../util/timestamp.ts';
import { lookupUserId, normalizeUidGid } from '../util/users.ts';
import type { ServiceLog } from './log-buffer.ts';

export type ServiceState =
  'initial' | 'starting' | 'running' | 'terminating' | 'killing' | 'stopped' | 'backoff' | 'exited';

export type ApiServiceStatus = 'active' | 'inactive' | 'backoff' | 'error';

const OKAY_DELAY_MS = 1000;
const FAIL_DELAY_MS = 5000;

const API_STATUS: Record<ServiceState, ApiServiceStatus> = {
  initial: 'error',
  starting: 'active',
  running: 'active',
  terminating: 'inactive',
  killing: 'inactive',
  stopped: 'inactive',
  backoff: 'backoff',
  exited: 'error',
};

/** Callbacks into the rest of the daemon. */
export interface ServiceHooks {
  readonly log: ServiceLog;
  /** A shutdown action asked the daemon to exit with `code`. */
  readonly shutdown: (code: number) => void;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const table: Record<string, number> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return signal ? (table[signal] ?? 0) : 0;
}

/** A service process and its lifecycle. */
export class ServiceProcess {
  readonly name: string;
  readonly #hooks: ServiceHooks;
  config: Service;
  state: ServiceState = 'initial';
  currentSince: Nanos | undefined;
  #child: ChildProcess | undefined;
  #exited: Promise<number> = Promise.resolve(0);
  #backoffTimeMs = 0;
  #timers = new Set<NodeJS.Timeout>();
  #restartAfterTerminate = false;
  #lastExitCode = 0;

  constructor(name: string, config: Service, hooks: ServiceHooks) {
    this.name = name;
    this.config = config;
    this.#hooks = hooks;
  }

  get apiStatus(): ApiServiceStatus {
    return API_STATUS[this.state];
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  #setState(state: ServiceState): void {
    const changed = API_STATUS[state] !== API_STATUS[this.state] || this.currentSince === undefined;
    this.state = state;
    if (changed) this.currentSince = nowNanos();
  }

  #timer(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #env(uid: number | undefined): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.config.environment };
    if (uid !== undefined) {
      const user = lookupUserId(uid);
      if (user && !this.config.environment?.['HOME']) env['HOME'] = user.home;
      if (user && !this.config.environment?.['USER']) env['USER'] = user.name;
    }
    return env;
  }

  async #spawn(): Promise<void> {
    const { base, extra } = parseServiceCommand(this.config.command ?? '');
    const [file, ...args] = [...base, ...extra];
    if (!file) throw new Error('empty command');
    const ids = normalizeUidGid({
      userId: this.config['user-id'],
      user: this.config.user,
      groupId: this.config['group-id'],
      group: this.config.group,
    });
    const sameUser = ids.uid === process.getuid?.() && ids.gid === process.getgid?.();
    const child = spawn(file, args, {
      cwd: this.config['working-dir'] || undefined,
      env: this.#env(ids.uid),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(ids.uid !== undefined && !sameUser ? { uid: ids.uid, gid: ids.gid } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.#hooks.log.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.#hooks.log.write(chunk));
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const exitCode = code ?? 128 + signalNumber(signal);
        this.#onExit(child, exitCode);
        resolve(exitCode);
      });
    });
    const limit = this.config['backoff-limit'] ?? DEFAULT_BACKOFF_LIMIT_MS;
    this.#timer(limit, () => {
      if (this.#child === child && this.state === 'running') this.#backoffTimeMs = 0;
    });
  }

  /** Explicit start (a `start` task): waits the okay-delay; throws if the process exits first. */
  async start(config: Service, log: (msg: string) => void): Promise<void> {
    if (this.state === 'starting' || this.state === 'running') {
      log(`Service ${JSON.stringify(this.name)} already started.`);
      return;
    }
    if (this.state === 'terminating' || this.state === 'killing') {
      throw new Error('cannot start service while terminating');
    }
    this.#clearTimers();
    this.config = config;
    this.#backoffTimeMs = 0;
    try {
      await this.#spawn();
    } catch (err) {
      this.#setState('stopped');
      throw new Error(`cannot start service: ${errorMessage(err)}`, { cause: err });
    }
    this.#setState('starting');
    const exited = this.#exited.then(() => true);
    const okay = new Promise<boolean>((resolve) =>
      this.#timer(OKAY_DELAY_MS, () => resolve(false)),
    );
    if (!(await Promise.race([exited, okay]))) {
      if ((this.state as ServiceState) === 'starting') this.#setState('running');
      return;
    }
    const lines = this.#hooks.log.tail(20).map((e) => `    ${e.message}`);
    if (lines.length > 0) log(`Most recent service output:\n${lines.join('\n')}`);
    const action = this.#exitAction(this.#lastExitCode);
    throw new Error(
      `service start attempt: exited quickly with code ${this.#lastExitCode}, will ${action}`,
    );
  }

  #exitAction(code: number): string {
    const action = code === 0 ? this.config['on-success'] : this.config['on-failure'];
    return action || 'restart';
  }

  #onExit(child: ChildProcess, code: number): void {
    if (this.#child !== child) return;
    this.#hooks.log.flush();
    this.#lastExitCode = code;
    if (this.state === 'terminating' || this.state === 'killing') {
      this.#clearTimers();
      if (this.#restartAfterTerminate) {
        this.#restartAfterTerminate = false;
        this.#enterBackoff();
      } else this.#setState('stopped');
      return;
    }
    if (this.state !== 'starting' && this.state !== 'running') return;
    const action = this.#exitAction(code);
    switch (action) {
      case 'restart':
        this.#enterBackoff();
        break;
      case 'ignore':
        this.#setState(code === 0 ? 'stopped' : 'exited');
        break;
      case 'shutdown':
        this.#setState('exited');
        this.#hooks.shutdown(code === 0 ? 0 : 10);
        break;
      case 'success-shutdown':
        this.#setState('exited');
        this.#hooks.shutdown(0);
        break;
      default:
        this.#setState('exited');
        this.#hooks.shutdown(10);
    }
  }

  #enterBackoff(): void {
    this.#backoffTimeMs = nextBackoff(this.#backoffTimeMs, {
      delayMs: this.config['backoff-delay'] ?? DEFAULT_BACKOFF_DELAY_MS,
      factor: this.config['backoff-factor'] ?? DEFAULT_BACKOFF_FACTOR,
      limitMs: this.config['backoff-limit'] ?? DEFAULT_BACKOFF_LIMIT_MS,
    });
    this.#setState('backoff');
    const wait = backoffWait(this.#backoffTimeMs);
    this.#timer(wait, () => {
      if (this.state !== 'backoff') return;
      this.#spawn().then(
        () => this.#setState('running'),
        () => this.#enterBackoff(),
      );
    });
  }

  /** Explicit stop (a `stop` task): SIGTERM the group, SIGKILL after kill-delay. */
  async stop(log: (msg: string) => void): Promise<void> {
    const q = JSON.stringify(this.name);
    switch (this.state) {
      case 'initial':
        log(`Service ${q} has never been started.`);
        return;
      case 'stopped':
        log(`Service ${q} already stopped.`);
        return;
      case 'terminating':
      case 'killing':
        log(`Service ${q} already stopping.`);
        return;
      case 'exited':
        log(`Service ${q} had already exited.`);
        this.#setState('stopped');
        return;
      case 'backoff':
        this.#clearTimers();
        this.#setState('stopped');
        return;
      default:
        await this.#terminate();
    }
  }

  async #terminate(): Promise<void> {
    const pid = this.#child?.pid;
    killGroup(pid, 'SIGTERM');
    this.#setState('terminating');
    let failed = false;
    const killDelay = this.config['kill-delay'] ?? DEFAULT_KILL_DELAY_MS;
    const gaveUp = new Promise<void>((resolve) => {
      this.#timer(killDelay, () => {
        killGroup(pid, 'SIGKILL');
        if (this.state === 'terminating') this.#setState('killing');
        this.#timer(FAIL_DELAY_MS, () => {
          failed = true;
          resolve();
        });
      });
    });
    await Promise.race([this.#exited, gaveUp]);
    if (failed) {
      this.#setState('stopped');
      throw new Error('cannot stop service: process still running after SIGTERM and SIGKILL');
    }
  }

  /** `on-check-failure: restart`: terminate then go through backoff. */
  restartForCheck(): void {
    if (this.state === 'running' || this.state === 'starting') {
      this.#restartAfterTerminate = true;
      void this.#terminate().catch(() => this.#setState('stopped'));
    } else if (this.state === 'exited') {
      this.#enterBackoff();
    }
  }

  /** Sends `signal` to the main process only (pebble-api.md §3.7). */
  signal(signal: NodeJS.Signals): void {
    if ((this.state !== 'running' && this.state !== 'starting') || !this.#child?.pid) {
      throw new Error(`cannot send signal to ${JSON.stringify(this.name)}: service is not running`);
    }
    process.kill(this.#child.pid, signal);
  }

  /** Daemon shutdown: stop if active, then make sure nothing of its group survives. */
  async shutdown(): Promise<void> {
    this.#clearTimers();
    if (this.state === 'starting' || this.state === 'running') {
      await this.#terminate().catch(() => undefined);
    } else if (this.state === 'backoff') {
      this.#setState('stopped');
    }
    killGroup(this.#child?.pid, 'SIGKILL');
    this.#clearTimers();
  }
}
