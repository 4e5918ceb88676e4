/**
 * @module The controller: one state directory, one SQLite store, the unit agents and the
 * hook-tool server, behind one object the API server and tests drive. Every operation is
 * validated and stored first; the agents then converge the units on it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from '@charmkit/ops';
import { parseDuration } from '@charmkit/ops/pebble';
import { UnitContainers } from './agent/containers.ts';
import { WorkloadHost } from './agent/workload-host.ts';
import { NoticeWatcher } from './agent/notice-watcher.ts';
import { mountNamespaceSupport } from './agent/charm-namespace.ts';
import type { NamespaceSupport } from './agent/charm-namespace.ts';
import { silentLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { CharmRunners } from './agent/charm-runners.ts';
import { checkCharmUserAccess, resolveCharmUser, traversable } from './agent/charm-user.ts';
import { HookRunner, unitCharmDir, unitDirectory } from './agent/hook-runner.ts';
import { prepareCharm } from './charm/prepare.ts';
import type { HookSession } from './agent/hook-session.ts';
import { nextHook } from './agent/resolver.ts';
import { installHookTools } from './agent/tool-client.ts';
import { ToolServer } from './agent/tool-server.ts';
import type { ToolInvocation, ToolOutcome } from './agent/tool-server.ts';
import { UnitAgents } from './agent/unit-agents.ts';
import { ModelOperations } from './model/operations.ts';
import type { DeployOptions } from './model/operations.ts';
import type { ActionTask } from './model/actions.ts';
import { ControllerError } from './model/errors.ts';
import { modelIntegrations, modelStatus } from './model/status.ts';
import { validateResources } from './model/resources.ts';
import { retryFailedHooks, scheduleUpdateStatus } from './model/clock-hooks.ts';
import { EXPIRE_RETRY_MS } from './agent/resolver.ts';
import type { IntegrationRow } from './model/status.ts';
import type { Application, CharmRecord } from './model/types.ts';
import { showModel, showUnit } from './model/entity-views.ts';
import { deleteModelRows } from './model/model-removal.ts';
import { UserSecrets } from './model/user-secrets.ts';
import { SecretCipher } from './store/crypto.ts';
import { Store } from './store/database.ts';

export interface ControllerOptions {
  /** Where the store, unit directories and hook tools live. */
  readonly stateDir: string;
  /** Runs one hook-tool call for a hook (the hook-tool protocol layer). */
  readonly execute: (session: HookSession, call: ToolInvocation) => ToolOutcome;
  readonly concurrency?: number;
  /** Extra environment for every hook. */
  readonly hookEnv?: Readonly<Record<string, string>>;
  /** Shown as the controller name in status; default `charmkit`. */
  readonly name?: string;
  /**
   * Run TypeScript charm bundles in long-lived runners (default) rather than one process per
   * hook, which is exactly what Juju does and what `false` restores.
   */
  readonly fastPath?: boolean;
  /**
   * When the controller runs as root, the user charm code runs as (default `charmkit` if it
   * exists, else `nobody`; `root` opts out). Ignored when the controller is not root.
   */
  readonly charmUser?: string;
  /**
   * Hooks in their own mount namespace with `/charm/containers/<name>/pebble.socket`, for
   * Python `ops` charms (default: where available — see charm-namespace.ts).
   */
  readonly mountNamespaces?: boolean;
  /** The controller's own log (default: silent); the daemon passes `controllerLogger()`. */
  readonly logger?: Logger;
}

export class Controller {
  readonly ops: ModelOperations;
  readonly agents: UnitAgents;
  /** The controller's name in `juju status` (`model.controller`). */
  readonly name: string;
  readonly #store: Store;
  readonly #tools: ToolServer;
  readonly #containers: UnitContainers;
  readonly #charmStore: string;
  readonly #stateDir: string;
  readonly #runners: CharmRunners | undefined;
  readonly #unitsDir: string;
  /** The controller's UUID (`controller.uuid` in the state directory, made once). */
  readonly uuid: string;

  private constructor(parts: {
    store: Store;
    tools: ToolServer;
    agents: UnitAgents;
    ops: ModelOperations;
    containers: UnitContainers;
    charmStore: string;
    name: string;
    uuid: string;
    stateDir: string;
    runners: CharmRunners | undefined;
  }) {
    this.#store = parts.store;
    this.#tools = parts.tools;
    this.agents = parts.agents;
    this.ops = parts.ops;
    this.#containers = parts.containers;
    this.#charmStore = parts.charmStore;
    this.name = parts.name;
    this.uuid = parts.uuid;
    this.#stateDir = parts.stateDir;
    this.#runners = parts.runners;
    this.#unitsDir = join(parts.stateDir, 'units');
  }

  static async start(options: ControllerOptions): Promise<Controller> {
    const logger = options.logger ?? silentLogger;
    mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
    const user = resolveCharmUser(options.charmUser);
    if (user) await checkCharmUserAccess(user, options.stateDir);
    // Charm code reaches its own files below the state directory; it can list nothing.
    const charmUser = user ? { user, stateDir: options.stateDir } : undefined;
    const store = Store.open(join(options.stateDir, 'controller.db'));
    const ops = new ModelOperations(
      store,
      SecretCipher.fromKeyFile(join(options.stateDir, 'controller.key')),
      join(options.stateDir, 'storage'),
    );
    const tools = new ToolServer();
    await tools.listen();
    const unitsDir = join(options.stateDir, 'units');
    let kick = (): void => undefined;
    const runDir = join(options.stateDir, 'run');
    // Workloads live in a process of their own that outlives a controller crash.
    const host = await WorkloadHost.connect(runDir, join(options.stateDir, 'workloads.log'));
    const containers = new UnitContainers(
      (model, unit) => unitDirectory(unitsDir, model, unit),
      runDir,
      {
        host,
        served: await host.names(),
        onContainer: (c) => {
          const watcher = new NoticeWatcher({
            ...c,
            events: ops.workloadEvents,
            onEvent: () => kick(),
          });
          watcher.start();
          return watcher;
        },
        charmUser,
      },
    );
    const toolsDir = installHookTools(join(options.stateDir, 'tools'));
    if (charmUser) {
      for (const dir of [toolsDir, join(options.stateDir, 'charms')]) {
        mkdirSync(dir, { recursive: true, mode: 0o755 });
        traversable(options.stateDir, join(dir, 'x'));
      }
    }
    const namespaces: NamespaceSupport =
      options.mountNamespaces === false
        ? { reason: 'turned off (mountNamespaces: false)' }
        : mountNamespaceSupport();
    if (namespaces.mode === undefined && options.mountNamespaces !== false)
      logger.warn({ reason: namespaces.reason }, 'hooks get no /charm/containers');
    const runners =
      options.fastPath === false ? undefined : new CharmRunners({ user: charmUser?.user });
    const runner = new HookRunner({
      containers,
      ops,
      tools,
      toolsDir,
      ...(charmUser ? { charmUser } : {}),
      mountNamespaces: namespaces.mode,
      unitsDir,
      execute: options.execute,
      log: (model, entity, level, message) => log(store, { model, entity, level, message }),
      ...(options.hookEnv ? { env: options.hookEnv } : {}),
      ...(runners ? { runners } : {}),
    });
    const agents = new UnitAgents(ops, runner, {
      logger,
      pebbleUp: containers.up,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
    const controller = new Controller({
      store,
      tools,
      agents,
      ops,
      containers,
      charmStore: join(options.stateDir, 'charms'),
      name: options.name ?? 'charmkit',
      uuid: controllerUuid(options.stateDir),
      stateDir: options.stateDir,
      runners,
    });
    kick = () => agents.kick();
    await restoreContainers(ops, containers);
    agents.kick();
    controller.#timer = setInterval(() => controller.#tick(), 1000);
    controller.#timer.unref();
    logger.info(
      {
        stateDir: options.stateDir,
        charmUser: user?.name ?? null,
        mountNamespaces: namespaces.mode ?? null,
        fastPath: runners !== undefined,
      },
      'controller started',
    );
    return controller;
  }

  #timer: NodeJS.Timeout | undefined;
  readonly #lastUpdateStatus = new Map<string, number>();

  #lastTick = Date.now();

  /**
   * Once a second: hook retries, secret rotations and expiries that came due, and the
   * update-status timer of every model (`update-status-hook-interval`).
   */
  #tick(): void {
    const now = Date.now();
    const since = this.#lastTick;
    this.#lastTick = now;
    for (const { uuid } of this.#store.all<{ uuid: string }>('SELECT uuid FROM models')) {
      if (retryFailedHooks(this.ops.repo, uuid, now)) this.agents.kick();
      // Secret rotations and expiries are resolved from the clock: wake the agents when due.
      if (this.ops.secrets.dueBetween(uuid, since, now, EXPIRE_RETRY_MS)) this.agents.kick();
      const interval = parseDuration(
        this.ops.modelConfig(uuid)['update-status-hook-interval'] ?? '5m',
      );
      const last = this.#lastUpdateStatus.get(uuid) ?? now;
      if (!this.#lastUpdateStatus.has(uuid)) this.#lastUpdateStatus.set(uuid, now);
      if (now - last < interval) continue;
      this.#lastUpdateStatus.set(uuid, now);
      scheduleUpdateStatus(this.ops.repo, uuid);
      this.agents.kick();
    }
  }

  /** Deploys the charm in `charmDir` (a `dispatch` charm, or TypeScript with `src/main.ts`). */
  async deploy(model: string, charmDir: string, options: DeployOptions = {}): Promise<Application> {
    const uuid = this.ops.modelUuid(model);
    const prepared = await prepareCharm(charmDir, this.#charmStore);
    const charm = this.ops.addCharm(uuid, {
      name: prepared.meta.name,
      dir: prepared.dir,
      meta: prepared.meta,
    });
    const app = this.ops.deploy(uuid, charm, options);
    this.agents.kick();
    return app;
  }

  /** Runs `change` against the model's uuid, then lets the agents converge. */
  change<T>(model: string, change: (uuid: string) => T): T {
    const result = change(this.ops.modelUuid(model));
    this.agents.kick();
    return result;
  }

  /** `juju run`: queues an action on a unit (`app/leader` resolves to the leader). */
  runAction(
    model: string,
    unit: string,
    name: string,
    params: Readonly<Record<string, unknown>> = {},
  ): ActionTask {
    return this.change(model, (uuid) =>
      this.ops.actions.enqueue(uuid, this.#resolveUnit(uuid, unit), name, params),
    );
  }

  /** `app/leader` → the leader's name; any other unit name as it is. */
  #resolveUnit(uuid: string, unit: string): string {
    return unit.endsWith('/leader') ? this.#leaderOf(uuid, unit.slice(0, -'/leader'.length)) : unit;
  }

  #leaderOf(uuid: string, app: string): string {
    const leader = this.ops.repo.application(uuid, app)?.leader;
    if (!leader) throw new ControllerError('not-found', `application "${app}" has no leader`);
    return leader;
  }

  /** Waits until the task is no longer pending or running, or `timeoutMs` passes. */
  async waitAction(model: string, id: number, timeoutMs = 60_000): Promise<ActionTask> {
    const uuid = this.ops.modelUuid(model);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = this.ops.actions.get(uuid, id);
      if (!task) throw new ControllerError('not-found', `task ${id} not found`);
      if (task.status !== 'pending' && task.status !== 'running') return task;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return task;
      await new Promise((r) => setTimeout(r, Math.min(20, remaining)));
    }
  }

  models(): { name: string; uuid: string }[] {
    return this.#store.all<{ name: string; uuid: string }>(
      'SELECT name, uuid FROM models ORDER BY name',
    );
  }

  /** `juju status --format json` of a model. */
  status(model: string): Record<string, unknown> {
    return modelStatus(this.ops, this.ops.modelUuid(model), { controller: this.name });
  }

  /** The rows of `juju status --relations`, with each side's role. */
  integrations(model: string): IntegrationRow[] {
    return modelIntegrations(this.ops, this.ops.modelUuid(model));
  }

  /** `juju config <app>`: every option with its type, default and current value, and trust. */
  applicationConfig(model: string, app: string): Record<string, unknown> {
    const application = this.ops.requireApp(this.ops.modelUuid(model), app);
    const settings = Object.fromEntries(
      Object.entries(application.charm.meta.config).map(([key, option]) => {
        const set = key in application.config;
        const value = set ? application.config[key] : option.default;
        return [
          key,
          {
            type: option.type,
            ...(option.description ? { description: option.description } : {}),
            source: set ? 'user' : value === undefined ? 'unset' : 'default',
            ...(value === undefined ? {} : { value }),
          },
        ];
      }),
    );
    return {
      application: app,
      charm: application.charm.name,
      'application-config': {
        trust: {
          value: application.trust,
          type: 'bool',
          default: false,
          source: application.trust ? 'user' : 'default',
        },
      },
      settings,
    };
  }

  /**
   * `juju refresh --path [--resource name=value]`: the application moves to the charm now in
   * `charmDir`, with the resources given replacing those of the same name.
   */
  async refresh(
    model: string,
    app: string,
    charmDir: string,
    options: { resources?: Readonly<Record<string, string>> } = {},
  ): Promise<CharmRecord> {
    const uuid = this.ops.modelUuid(model);
    const application = this.ops.requireApp(uuid, app);
    const prepared = await prepareCharm(charmDir, this.#charmStore);
    if (prepared.meta.name !== application.charm.name)
      throw new ControllerError(
        'invalid',
        `cannot refresh "${app}" to charm "${prepared.meta.name}": it runs "${application.charm.name}"`,
      );
    const resources = validateResources(prepared.meta, options.resources ?? {});
    const charm = this.ops.addCharm(uuid, {
      name: prepared.meta.name,
      dir: prepared.dir,
      meta: prepared.meta,
    });
    this.change(model, () => this.ops.refresh(uuid, app, charm, resources));
    return charm;
  }

  /** `juju trust` and `juju expose`: the application's flags. */
  setApplicationFlags(
    model: string,
    app: string,
    flags: { trust?: boolean; exposed?: boolean },
  ): void {
    this.change(model, (uuid) => {
      this.ops.requireApp(uuid, app);
      for (const [column, value] of Object.entries(flags)) {
        this.#store.run(
          `UPDATE applications SET ${column} = ? WHERE model_uuid = ? AND name = ?`,
          value ? 1 : 0,
          uuid,
          app,
        );
      }
    });
  }

  /** `juju exec --unit`: `command` through `sh -c` in the unit's hook context. */
  exec(model: string, unit: string, command: string, timeoutMs = 300_000): ActionTask {
    return this.change(model, (uuid) =>
      this.ops.actions.enqueueExec(uuid, this.#resolveUnit(uuid, unit), command, timeoutMs),
    );
  }

  /** `juju show-unit`. */
  showUnit(model: string, unit: string): Record<string, unknown> {
    return showUnit(this.ops, this.ops.modelUuid(model), unit);
  }

  /** `juju show-model`. */
  showModel(model: string): Record<string, unknown> {
    return showModel(this.ops, this.ops.modelUuid(model), { name: this.name, uuid: this.uuid });
  }

  /** The user secrets of a model (`juju add-secret` and friends). */
  userSecrets(model: string): UserSecrets {
    return new UserSecrets(this.ops.secrets, { uuid: this.ops.modelUuid(model), name: model });
  }

  /**
   * `juju destroy-model`: every application is removed (units run their stop and remove
   * hooks), then the model's rows, unit directories and storage go. With `force`, units
   * stuck in a hook error or still there at the deadline are removed without their hooks.
   * @throws {ControllerError} when units remain at the deadline without `force`.
   */
  async destroyModel(
    model: string,
    options: { force?: boolean; timeoutMs?: number } = {},
  ): Promise<void> {
    const uuid = this.ops.modelUuid(model);
    this.change(model, () => {
      for (const app of this.ops.repo.applications(uuid)) {
        if (app.life === 'alive') this.ops.removeApplication(uuid, app.name);
      }
    });
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      const units = this.ops.repo.units(uuid);
      const waiting = options.force ? units.filter((u) => !u.local.hookError) : units;
      if (waiting.length === 0) break;
      if (Date.now() > deadline) {
        if (options.force) break;
        throw new ControllerError(
          'invalid',
          `timeout after ${Math.round((options.timeoutMs ?? 600_000) / 1000)}s: units still to remove: ${units.map((u) => u.name).join(', ')} (use --force)`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.agents.drain(uuid);
    for (const unit of this.ops.repo.units(uuid)) await this.#containers.release(uuid, unit.name);
    deleteModelRows(this.#store, uuid);
    rmSync(join(this.#unitsDir, uuid), { recursive: true, force: true });
    rmSync(join(this.#stateDir, 'storage', uuid), { recursive: true, force: true });
  }

  /** Where `juju ssh` goes: the unit's charm directory and its containers' Pebble sockets. */
  unitPaths(
    model: string,
    unitName: string,
  ): { charmDir: string; containers: Record<string, string> } {
    const uuid = this.ops.modelUuid(model);
    const unit = this.ops.repo.unit(uuid, unitName);
    if (!unit) throw new ControllerError('not-found', `unit "${unitName}" not found`);
    const meta = this.ops.repo.application(uuid, unit.app)!.charm.meta;
    return {
      charmDir: unitCharmDir(this.#unitsDir, uuid, unitName),
      containers: Object.fromEntries(
        Object.keys(meta.containers).map((c) => [
          c,
          this.#containers.socketPath(uuid, unitName, c),
        ]),
      ),
    };
  }

  /** Where a unit's container sockets are (`<dir>/<container>/pebble.socket`). */
  containerSocketDir(modelUuid: string, unit: string): string {
    return this.#containers.socketDir(modelUuid, unit);
  }

  /**
   * `juju resolved`: clears a unit's hook error. With `retry` the failed hook runs again;
   * without, it is skipped: its effect on what the unit was told is committed, unrun.
   * @throws {ControllerError} for an unknown unit or one not in an error state.
   */
  resolve(model: string, unit: string, options: { retry: boolean } = { retry: true }): void {
    this.change(model, (uuid) => {
      const found = this.ops.repo.unit(uuid, unit);
      if (!found) throw new ControllerError('not-found', `unit "${unit}" not found`);
      const failed = found.local.hookError;
      if (!failed) throw new ControllerError('invalid', `unit "${unit}" is not in an error state`);
      const { hookError: _, hookRetries: __, ...rest } = found.local;
      this.ops.repo.store.transaction(() => {
        this.ops.repo.setLocalState(uuid, unit, rest);
        if (!options.retry) {
          const plan = nextHook(this.ops.world(uuid, this.#containers.up), unit);
          if (plan?.name === failed.hook) this.ops.hookCommitted(uuid, unit, plan.after);
        }
        this.ops.repo.setUnitStatus(uuid, unit, 'agent', { name: 'idle', message: '' });
      });
    });
  }

  logs(
    model: string,
    options: { afterId?: number; limit?: number } = {},
  ): { id: number; entity: string; level: string; message: string; time: string }[] {
    return this.#store.all(
      'SELECT id, entity, level, message, time FROM logs WHERE model_uuid = ? AND id > ? ORDER BY id LIMIT ?',
      this.ops.modelUuid(model),
      options.afterId ?? 0,
      options.limit ?? 10_000,
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.agents.stop();
    this.#runners?.stopAll();
    await this.#containers.stopAll();
    await this.#tools.stop();
    this.#store.close();
  }
}

/**
 * After a restart, every unit's containers come back: those the workload host kept through a
 * crash as they were (their workloads never stopped), any it lost started anew — and those
 * owe their unit a new pebble-ready.
 */
async function restoreContainers(ops: ModelOperations, containers: UnitContainers): Promise<void> {
  for (const { uuid } of ops.repo.store.all<{ uuid: string }>('SELECT uuid FROM models')) {
    for (const unit of ops.repo.units(uuid)) {
      if (unit.life !== 'alive' || !unit.local.installed) continue;
      const app = ops.repo.application(uuid, unit.app);
      if (!app) continue;
      const started = await containers.ensure(uuid, unit.name, app.charm.meta);
      const pebbleReady = { ...unit.local.pebbleReady };
      for (const name of started) delete pebbleReady[name];
      ops.repo.setLocalState(uuid, unit.name, { ...unit.local, pebbleReady });
    }
  }
}

/** The controller's UUID, made on first start and kept in `<stateDir>/controller.uuid`. */
function controllerUuid(stateDir: string): string {
  const file = join(stateDir, 'controller.uuid');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const uuid = randomUUID();
  writeFileSync(file, `${uuid}\n`, { mode: 0o600 });
  return uuid;
}

function log(
  store: Store,
  entry: { model: string; entity: string; level: LogLevel; message: string },
): void {
  store.run(
    'INSERT INTO logs (model_uuid, entity, level, message, time) VALUES (?, ?, ?, ?, ?)',
    entry.model,
    entry.entity,
    entry.level,
    entry.message,
    new Date().toISOString(),
  );
}
