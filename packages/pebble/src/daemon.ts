/**
 * @module `PebbleDaemon`: one Pebble-compatible daemon — state dir, unix socket, optional
 * plain-HTTP listener — wiring the managers to the route table (pebble-api.md §0–§8).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { changeRoutes } from './api/routes-changes.ts';
import { checkRoutes } from './api/routes-checks.ts';
import { execRoutes } from './api/routes-exec.ts';
import { identityRoutes } from './api/routes-identities.ts';
import { noticeRoutes } from './api/routes-notices.ts';
import { planRoutes } from './api/routes-plan.ts';
import { serviceRoutes } from './api/routes-services.ts';
import { systemRoutes } from './api/routes-system.ts';
import { Router } from './api/router.ts';
import type { Route } from './api/route.ts';
import { closeServer, listenHttp, listenUnix } from './api/server.ts';
import { CheckManager } from './checks/check-manager.ts';
import type { DaemonContext, DaemonInfo } from './context.ts';
import { ExecManager } from './exec/exec-manager.ts';
import { filesRoute } from './files/index.ts';
import { IdentityStore } from './identities/identity-store.ts';
import { readLayersDir } from './plan/layers-dir.ts';
import { PlanManager } from './plan/plan-manager.ts';
import type { Layer } from './plan/types.ts';
import { ServiceManager } from './services/service-manager.ts';
import { State } from './state/state.ts';
import { TaskRunner } from './state/task-runner.ts';

/** The Pebble version this daemon's API is compatible with (served by system-info). */
export const PEBBLE_VERSION = 'v1.32.1';

/** Options of `PebbleDaemon.start`. */
export interface PebbleDaemonOptions {
  /** `$PEBBLE`: holds `.pebble.state` and `layers/`. Created if missing. */
  readonly stateDir: string;
  /** Unix socket path; default `<stateDir>/.pebble.socket`. */
  readonly socketPath?: string;
  /** Plain-HTTP address such as `:4000` (open endpoints only). */
  readonly httpAddress?: string;
  /** Don't autostart `startup: enabled` services (`pebble run --hold`). */
  readonly hold?: boolean;
  /** Layers directory; default `<stateDir>/layers`. */
  readonly layersDir?: string;
  /** Keep `.pebble.state` on disk (default true; `PEBBLE_PERSIST=never` turns it off). */
  readonly persist?: boolean;
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Not Linux or no procfs: Pebble falls back to a random UUID too.
    return randomUUID();
  }
}

function extraRoutes(d: DaemonContext): Route[] {
  return [
    ...systemRoutes(d),
    ...changeRoutes(d),
    ...planRoutes(d),
    ...serviceRoutes(d),
    ...noticeRoutes(d),
    ...checkRoutes(d),
    ...execRoutes(d),
    ...identityRoutes(d),
  ];
}

/**
 * A running daemon.
 *
 * @example
 * const daemon = await PebbleDaemon.start({ stateDir: '/tmp/pebble' });
 * await daemon.stop();
 */
export class PebbleDaemon {
  readonly socketPath: string;
  readonly context: DaemonContext;
  readonly #servers: Server[] = [];
  #stopping: Promise<void> | undefined;
  #httpPort: number | undefined;
  #resolveExit: (code: number) => void = () => undefined;
  /** Resolves with the exit code once the daemon has stopped (shutdown actions or `stop()`). */
  readonly exited: Promise<number>;

  private constructor(socketPath: string, context: DaemonContext) {
    this.socketPath = socketPath;
    this.context = context;
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
  }

  /** The TCP port of the plain-HTTP listener, if any (useful with port 0). */
  get httpPort(): number | undefined {
    return this.#httpPort;
  }

  /** Starts a daemon: loads state and layers, listens, autostarts unless `hold`. */
  static async start(options: PebbleDaemonOptions): Promise<PebbleDaemon> {
    mkdirSync(options.stateDir, { recursive: true });
    const state = new State(options.persist === false ? undefined : options.stateDir);
    const plans = new PlanManager();
    const runner = new TaskRunner(state);
    const info: DaemonInfo = { bootId: bootId(), version: PEBBLE_VERSION };
    const ref: { daemon?: PebbleDaemon } = {};
    const shutdown = (code: number): void => void ref.daemon?.stop(code);
    const checks = new CheckManager({
      state,
      runner,
      service: (name) => plans.plan.services[name],
      checkFailed: (name) => services.checkFailed(name),
    });
    const services = new ServiceManager({
      state,
      runner,
      plans,
      shutdown,
      onReplan: () => checks.replan(),
    });
    const exec = new ExecManager({ state, runner, service: (name) => plans.plan.services[name] });
    const context: DaemonContext = {
      state,
      runner,
      plans,
      services,
      checks,
      exec,
      identities: new IdentityStore(state),
      info,
      uid: process.getuid?.() ?? 0,
    };
    const socketPath = options.socketPath ?? join(options.stateDir, '.pebble.socket');
    const daemon = new PebbleDaemon(socketPath, context);
    ref.daemon = daemon;
    await daemon.#loadLayers(options.layersDir ?? join(options.stateDir, 'layers'));
    plans.onChange((plan) => {
      checks.planChanged(plan);
      state.extra['layers'] = plans.layers;
      state.save();
    });
    checks.planChanged(plans.plan);
    const router = new Router([...extraRoutes(context), filesRoute]);
    daemon.#servers.push(
      await listenUnix(router, socketPath, (req, socket, head) =>
        exec.handleUpgrade(req, socket, head),
      ),
    );
    if (options.httpAddress !== undefined) {
      const server = await listenHttp(router, options.httpAddress);
      daemon.#servers.push(server);
      const address = server.address();
      if (address && typeof address === 'object') daemon.#httpPort = address.port;
      info.httpAddress = options.httpAddress;
    }
    if (!options.hold && Object.values(plans.plan.services).some((s) => s.startup === 'enabled')) {
      services.act('autostart', []);
    }
    return daemon;
  }

  async #loadLayers(dir: string): Promise<void> {
    const layers = await readLayersDir(dir);
    const saved = (this.context.state.extra['layers'] ?? []) as Layer[];
    const labels = new Set(layers.map((l) => l.label));
    for (const layer of saved) if (!labels.has(layer.label)) layers.push(layer);
    this.context.plans.load(layers);
  }

  /** Stops services, checks and listeners, then flushes state. Idempotent. */
  stop(exitCode = 0): Promise<void> {
    this.#stopping ??= this.#stop(exitCode);
    return this.#stopping;
  }

  async #stop(exitCode: number): Promise<void> {
    this.context.exec.stopAll();
    this.context.checks.stopAll();
    await Promise.all(this.#servers.map(closeServer));
    await this.context.services.stopAll();
    this.context.state.flush();
    this.#resolveExit(exitCode);
  }
}
