/**
 * @module The controller as a long-running process: one per state directory (a pid lock
 * refuses a second), the API on `<state>/controller.socket` (mode 0600), a clean stop on
 * SIGTERM/SIGINT. The default state directory is `$CHARMKIT_HOME`, else
 * `$XDG_DATA_HOME/charmkit`, else `~/.local/share/charmkit`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { serveApi } from './api/server.ts';
import { executeTool } from './agent/call-executor.ts';
import { Controller } from './controller.ts';
import { ControllerError } from './model/errors.ts';
import { controllerLogger } from './logger.ts';
import type { Logger } from './logger.ts';

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHARMKIT_HOME) return env.CHARMKIT_HOME;
  // Root's home is private, and charm code (run as an unprivileged user) must reach its
  // files below the state directory: a system location, as system daemons use.
  if (!env.XDG_DATA_HOME && process.getuid?.() === 0) return '/var/lib/charmkit';
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'charmkit');
}

export interface DaemonOptions {
  readonly stateDir?: string;
  readonly socketPath?: string;
  /** See `ControllerOptions.charmUser`; default from `CHARMKIT_CHARM_USER`. */
  readonly charmUser?: string;
  /** The controller's own log; default `controllerLogger()` (JSON lines on stderr). */
  readonly logger?: Logger;
}

export class ControllerDaemon {
  readonly controller: Controller;
  readonly socketPath: string;
  readonly #server: Server;
  readonly #lock: string;
  readonly #logger: Logger;

  private constructor(
    controller: Controller,
    server: Server,
    parts: { socketPath: string; lock: string; logger: Logger },
  ) {
    this.controller = controller;
    this.#server = server;
    this.socketPath = parts.socketPath;
    this.#lock = parts.lock;
    this.#logger = parts.logger;
  }

  static async start(options: DaemonOptions = {}): Promise<ControllerDaemon> {
    const stateDir = options.stateDir ?? defaultStateDir();
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const lock = join(stateDir, 'controller.pid');
    takeLock(lock, stateDir);
    try {
      const charmUser = options.charmUser ?? process.env.CHARMKIT_CHARM_USER;
      const logger = options.logger ?? controllerLogger();
      const controller = await Controller.start({
        stateDir,
        execute: executeTool,
        logger,
        ...(charmUser ? { charmUser } : {}),
      });
      const socketPath = options.socketPath ?? join(stateDir, 'controller.socket');
      const server = await serveApi(controller, socketPath, logger);
      logger.info({ socket: socketPath, pid: process.pid }, 'api listening');
      return new ControllerDaemon(controller, server, { socketPath, lock, logger });
    } catch (error) {
      rmSync(lock, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.controller.stop();
    rmSync(this.socketPath, { force: true });
    rmSync(this.#lock, { force: true });
    this.#logger.info('controller stopped');
  }
}

/** Refuses a second controller on the same state directory; replaces a dead one's lock. */
function takeLock(lock: string, stateDir: string): void {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
    return;
  } catch {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && alive(pid)) {
      throw new ControllerError(
        'already-exists',
        `a controller is already running on ${stateDir} (pid ${pid})`,
      );
    }
    writeFileSync(lock, String(process.pid), { mode: 0o600 });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
