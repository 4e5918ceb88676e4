/**
 * @module Runs one hook for one unit as Juju's uniter does (juju-semantics.md §2.2, §2.9,
 * §2.10): the unit's own writable copy of the charm, the JUJU_* environment, hook tools first
 * on PATH, Juju's before/after statuses; on success the hook's writes and the unit's new
 * local state are committed in one transaction, on failure they are dropped and the unit
 * waits in error until resolved.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EXEC_ACTION } from '../model/actions.ts';
import { isImageReference } from '../model/resources.ts';
import { nestDottedKeys } from '@charmkit/ops';
import type { LogLevel } from '@charmkit/ops';
import type { PebbleClient } from '@charmkit/ops/pebble';
import type { ModelOperations } from '../model/operations.ts';
import type { Unit, World } from '../model/types.ts';
import type { CharmRunners } from './charm-runners.ts';
import { inMountNamespace } from './charm-namespace.ts';
import type { NamespaceMode } from './charm-namespace.ts';
import type { CharmUser } from './charm-user.ts';
import { chownTree, traversable } from './charm-user.ts';
import { runnerBundle } from './charm-runners.ts';
import { HookSession } from './hook-session.ts';
import type { UnitContainers } from './containers.ts';
import type { HookPlan } from './resolver.ts';
import type { ToolInvocation, ToolOutcome, ToolServer } from './tool-server.ts';

/** Juju version reported to charms: ≥ 3.6.2 or Python libraries fall back to legacy protocols. */
export const JUJU_VERSION = '3.6.14';

export interface HookRunnerOptions {
  readonly ops: ModelOperations;
  readonly tools: ToolServer;
  /** Directory holding the hook-tool executables. */
  readonly toolsDir: string;
  /** Where units keep their charm copies: `<unitsDir>/<model>/<app>-<n>/charm`. */
  readonly unitsDir: string;
  readonly execute: (session: HookSession, call: ToolInvocation) => ToolOutcome;
  readonly log: (model: string, entity: string, level: LogLevel, message: string) => void;
  readonly containers?: UnitContainers;
  /** Extra environment for every hook (tests, proxies). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The unprivileged user charm code runs as when the controller is root (charm-user.ts),
   * and the state directory its files live under.
   */
  readonly charmUser?: { readonly user: CharmUser; readonly stateDir: string };
  /**
   * Give each hook process its own mount namespace with the unit's Pebble sockets at
   * `/charm/containers`, where Python `ops` looks (charm-namespace.ts), in this mode.
   */
  readonly mountNamespaces?: NamespaceMode | undefined;
  /** Long-lived runners for TypeScript charm bundles (the fast path); absent: processes. */
  readonly runners?: CharmRunners;
}

export interface HookResult {
  readonly ok: boolean;
  readonly exitCode: number | null;
}

export class HookRunner {
  readonly #o: HookRunnerOptions;

  constructor(options: HookRunnerOptions) {
    this.#o = options;
  }

  unitDir(model: string, unit: string): string {
    return unitDirectory(this.#o.unitsDir, model, unit);
  }

  /** The unit's writable charm directory, refreshed from the charm when its revision changes. */
  #charmDir(world: World, unit: Unit, plan: HookPlan): string {
    const dir = unitCharmDir(this.#o.unitsDir, world.modelUuid, unit.name);
    const charm = world.applications.get(unit.app)!.charm;
    if (!existsSync(dir) || plan.kind === 'upgrade-charm' || plan.kind === 'install') {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      cpSync(charm.dir, dir, { recursive: true, force: true });
      this.#giveToCharmUser(dir);
    }
    return dir;
  }

  /**
   * A file resource as Juju hands it over: a copy in the unit's own directory
   * (`<unit>/resources/<name>/<file>`), refreshed when the application's file changes, so the
   * charm user can read it. A directory (a local stand-in for an OCI image) is the
   * workload's, reached through Pebble: its path is returned as it is.
   */
  #unitResource(model: string, unit: string, name: string, source: string): string {
    if (isImageReference(source)) return this.#imageDetails(model, unit, name, source);
    const stat = statSync(source, { throwIfNoEntry: false });
    if (!stat?.isFile()) return source;
    const target = join(this.unitDir(model, unit), 'resources', name, basename(source));
    const copy = statSync(target, { throwIfNoEntry: false });
    if (!copy || copy.mtimeMs !== stat.mtimeMs || copy.size !== stat.size) {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      cpSync(source, target, { preserveTimestamps: true });
      this.#giveToCharmUser(dirname(dirname(target)));
    }
    return target;
  }

  /**
   * An image reference, handed over as juju does for an `oci-image` resource: a file with the
   * image's details (`registrypath`, `username`, `password`), JSON so YAML readers parse it too.
   */
  #imageDetails(model: string, unit: string, name: string, reference: string): string {
    const target = join(this.unitDir(model, unit), 'resources', name, 'image-details.json');
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(
      target,
      `${JSON.stringify({ registrypath: reference, username: '', password: '' })}\n`,
    );
    this.#giveToCharmUser(dirname(dirname(target)));
    return target;
  }

  /** Hands a unit's own directory to the charm user and opens the path down to it. */
  #giveToCharmUser(path: string, mode?: number): void {
    const owner = this.#o.charmUser;
    if (!owner) return;
    traversable(owner.stateDir, path);
    chownTree(path, owner.user);
    if (mode !== undefined) chmodSync(path, mode);
  }

  /** Runs the hook; anything unexpected (a container that cannot start…) fails it visibly. */
  async run(world: World, unitName: string, plan: HookPlan): Promise<HookResult> {
    try {
      return await this.#run(world, unitName, plan);
    } catch (error) {
      const unit = world.units.get(unitName);
      this.#o.log(
        world.modelUuid,
        unitName,
        'ERROR',
        `cannot run ${plan.name || 'hook'}: ${(error as Error).message}`,
      );
      if (unit && !plan.action) this.#failed(world.modelUuid, unit, plan);
      if (plan.action) {
        this.#o.ops.actions.finish(world.modelUuid, plan.action.id, {
          status: 'error',
          message: (error as Error).message,
          results: {},
        });
      }
      return { ok: false, exitCode: null };
    }
  }

  async #run(world: World, unitName: string, plan: HookPlan): Promise<HookResult> {
    const { ops } = this.#o;
    const model = world.modelUuid;
    const unit = world.units.get(unitName)!;
    if (plan.name === '') {
      ops.hookCommitted(model, unitName, plan.after);
      return { ok: true, exitCode: 0 };
    }
    const started =
      (await this.#o.containers?.ensure(
        model,
        unitName,
        world.applications.get(unit.app)!.charm.meta,
      )) ?? [];
    // A Pebble that (re)started after the unit saw it ready owes a new pebble-ready (a new
    // boot id, in Juju's terms): forget the old one and let the resolver choose again.
    const stale = started.filter((name) => unit.local.pebbleReady[name]);
    if (stale.length > 0) {
      const pebbleReady = { ...unit.local.pebbleReady };
      for (const name of stale) delete pebbleReady[name];
      ops.repo.setLocalState(model, unitName, { ...unit.local, pebbleReady });
      return { ok: true, exitCode: 0 };
    }
    for (const instance of world.storage?.get(unitName) ?? []) {
      if (instance.kind === 'filesystem' && !existsSync(instance.location)) {
        mkdirSync(instance.location, { recursive: true, mode: 0o750 });
        // Traversable by the workload's own users (a database server's data directory below).
        this.#giveToCharmUser(instance.location, 0o711);
      }
    }
    if (plan.action) return this.#runAction(world, unit, plan.action);
    this.#before(model, unit, plan);
    const session = new HookSession({
      ops,
      world,
      unit,
      log: (level, message) => this.#o.log(model, unitName, level, message),
      ...(plan.relation ? { relation: plan.relation } : {}),
      ...(plan.remoteUnit ? { remoteUnit: plan.remoteUnit } : {}),
      ...(plan.storageId ? { storageId: plan.storageId } : {}),
      ...this.#pebble(model, unitName),
      resourcePath: (name, source) => this.#unitResource(model, unitName, name, source),
    });
    const token = this.#o.tools.open((call) => this.#o.execute(session, call));
    try {
      const charmDir = this.#charmDir(world, unit, plan);
      const env = this.#env(world, unit, plan, { charmDir, token });
      const { exitCode } = await this.#dispatch(world.applications.get(unit.app)!.charm.dir, {
        cwd: charmDir,
        env,
        model,
        unit: unitName,
      });
      if (exitCode === 0) {
        const { hookRetries: _, ...after } = plan.after;
        ops.repo.store.transaction(() => {
          session.commit();
          ops.hookCommitted(model, unitName, after);
          this.#secretHookDone(model, unitName, plan);
          if (plan.workloadEvent) ops.workloadEvents.delivered(model, plan.workloadEvent.id);
          this.#after(model, unitName, plan);
        });
        if (plan.after.removed) await this.#o.containers?.release(model, unitName);
        return { ok: true, exitCode };
      }
      this.#failed(model, unit, plan);
      return { ok: false, exitCode };
    } finally {
      this.#o.tools.close(token);
    }
  }

  /** Runs a queued action; its outcome goes to the task, never to the unit's hook state. */
  async #runAction(
    world: World,
    unit: Unit,
    action: NonNullable<HookPlan['action']>,
  ): Promise<HookResult> {
    const { ops } = this.#o;
    const model = world.modelUuid;
    ops.actions.start(model, action.id);
    ops.repo.setUnitStatus(model, unit.name, 'agent', {
      name: 'executing',
      message: `running action ${action.name}`,
    });
    const session = new HookSession({
      ops,
      world,
      unit,
      log: (level, message) => this.#o.log(model, unit.name, level, message),
      action: {
        params: action.params,
        log: (message) => ops.actions.appendLog(model, action.id, message),
      },
      ...this.#pebble(model, unit.name),
      resourcePath: (name, source) => this.#unitResource(model, unit.name, name, source),
    });
    const token = this.#o.tools.open((call) => this.#o.execute(session, call));
    try {
      const charmDir = this.#charmDir(world, unit, {
        name: action.name,
        kind: 'action',
        after: unit.local,
      });
      const env = this.#env(
        world,
        unit,
        { name: action.name, kind: 'action', after: unit.local },
        { charmDir, token },
      );
      const exec = action.name === EXEC_ACTION;
      if (exec) {
        // `juju exec` runs in a hook context of its own: no hook, no action.
        delete env.JUJU_DISPATCH_PATH;
        env.JUJU_HOOK_NAME = '';
      } else
        Object.assign(env, {
          JUJU_DISPATCH_PATH: `actions/${action.name}`,
          JUJU_HOOK_NAME: '',
          JUJU_ACTION_NAME: action.name,
          JUJU_ACTION_UUID: String(action.id),
        });
      const run = exec
        ? await this.#spawn('/bin/sh', {
            args: ['-c', String(action.params.command)],
            timeoutMs: Number(action.params.timeout) || undefined,
            cwd: charmDir,
            env,
            model,
            unit: unit.name,
          })
        : await this.#dispatch(world.applications.get(unit.app)!.charm.dir, {
            cwd: charmDir,
            env,
            model,
            unit: unit.name,
          });
      const { results, failure } = session.actionOutcome;
      const output = {
        ...nestDottedKeys(results),
        'return-code': run.exitCode ?? -1,
        ...(run.stdout ? { stdout: run.stdout } : {}),
        ...(run.stderr ? { stderr: run.stderr } : {}),
      };
      ops.repo.store.transaction(() => {
        if (run.exitCode === 0) session.commit();
        // An exec whose command exits non-zero still completed (juju-semantics.md §6.4).
        const failed = failure !== undefined || (run.exitCode !== 0 && !exec);
        const message =
          failure ?? (run.exitCode === 0 || exec ? '' : `exit status ${run.exitCode ?? 'unknown'}`);
        ops.actions.finish(model, action.id, {
          status: failed ? 'failed' : 'completed',
          message,
          results: output,
        });
        ops.repo.setUnitStatus(
          model,
          unit.name,
          'agent',
          unit.local.hookError
            ? { name: 'error', message: `hook failed: "${unit.local.hookError.hook}"` }
            : { name: 'idle', message: '' },
        );
      });
      return { ok: run.exitCode === 0, exitCode: run.exitCode };
    } finally {
      this.#o.tools.close(token);
    }
  }

  /** Records that a consumer was told, or reschedules a rotation the charm did not act on. */
  #secretHookDone(model: string, unit: string, plan: HookPlan): void {
    const { secrets } = this.#o.ops;
    const secret = plan.secret;
    if (!secret) return;
    if (plan.kind === 'secret-changed') {
      const consumer = secrets.consumer(model, secret.id, unit);
      if (consumer)
        secrets.setConsumer(model, secret.id, {
          ...consumer,
          notifiedRevision: secret.revision ?? consumer.notifiedRevision,
        });
    }
    const record = secrets.get(model, secret.id);
    if (
      plan.kind === 'secret-rotate' &&
      record?.nextRotate &&
      Date.parse(record.nextRotate) <= Date.now()
    ) {
      secrets.postponeRotation(model, secret.id, new Date(Date.now() + 5 * 60_000));
    }
  }

  #pebble(model: string, unit: string): { pebble?: (container: string) => PebbleClient } {
    const containers = this.#o.containers;
    return containers ? { pebble: (c) => containers.client(model, unit, c) } : {};
  }

  #before(model: string, unit: Unit, plan: HookPlan): void {
    const { repo } = this.#o.ops;
    if (plan.kind === 'install' && unit.workloadStatus.name === 'waiting') {
      repo.setUnitStatus(model, unit.name, 'workload', {
        name: 'maintenance',
        message: 'installing charm software',
      });
    }
    if (plan.kind === 'stop')
      repo.setUnitStatus(model, unit.name, 'workload', {
        name: 'maintenance',
        message: 'stopping charm software',
      });
    if (plan.kind === 'remove') {
      repo.setUnitStatus(model, unit.name, 'workload', {
        name: 'maintenance',
        message: 'cleaning up prior to charm deletion',
      });
    }
    if (!plan.quiet) {
      repo.setUnitStatus(model, unit.name, 'agent', {
        name: 'executing',
        message: runningMessage(plan),
      });
    }
  }

  #after(model: string, unitName: string, plan: HookPlan): void {
    const { repo } = this.#o.ops;
    const unit = repo.unit(model, unitName);
    if (!unit) return;
    const current = unit.workloadStatus;
    if (
      plan.kind === 'start' &&
      current.name === 'maintenance' &&
      current.message === 'installing charm software'
    ) {
      repo.setUnitStatus(model, unitName, 'workload', { name: 'unknown', message: '' });
    }
    if (plan.kind === 'stop')
      repo.setUnitStatus(model, unitName, 'workload', { name: 'maintenance', message: '' });
    if (!plan.quiet) repo.setUnitStatus(model, unitName, 'agent', { name: 'idle', message: '' });
  }

  #failed(model: string, unit: Unit, plan: HookPlan): void {
    const { repo } = this.#o.ops;
    repo.store.transaction(() => {
      const retries = unit.local.hookRetries ?? 0;
      // Juju retries failed hooks with a growing delay: 5 s, 10 s, 20 s … up to 5 minutes.
      const delayMs = Math.min(5000 * 2 ** retries, 300_000);
      repo.setLocalState(model, unit.name, {
        ...unit.local,
        hookError: {
          hook: plan.name,
          retryAt: new Date(Date.now() + delayMs).toISOString(),
          retries,
          ...(plan.relation ? { relationId: plan.relation.id } : {}),
          ...(plan.remoteUnit ? { remoteUnit: plan.remoteUnit } : {}),
        },
      });
      repo.setUnitStatus(model, unit.name, 'agent', {
        name: 'error',
        message: `hook failed: "${plan.name}"`,
      });
    });
  }

  #env(
    world: World,
    unit: Unit,
    plan: HookPlan,
    run: { charmDir: string; token: string },
  ): Record<string, string> {
    const env: Record<string, string> = {
      PATH: `${this.#o.toolsDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: process.env.HOME ?? '/root',
      LANG: 'C.UTF-8',
      ...this.#o.env,
      JUJU_VERSION,
      JUJU_UNIT_NAME: unit.name,
      JUJU_MODEL_NAME: world.modelName,
      JUJU_MODEL_UUID: world.modelUuid,
      JUJU_CHARM_DIR: run.charmDir,
      JUJU_CONTEXT_ID: `${unit.name}-${plan.name}-${Date.now()}`,
      JUJU_DISPATCH_PATH: `hooks/${plan.name}`,
      JUJU_HOOK_NAME: plan.name,
      JUJU_AVAILABILITY_ZONE: '',
      JUJU_MACHINE_ID: '',
      CHARMKIT_AGENT_PORT: String(this.#o.tools.port),
      CHARMKIT_HOOK_TOKEN: run.token,
      ...(this.#o.containers
        ? { CHARMKIT_PEBBLE_SOCKET_DIR: this.#o.containers.socketDir(world.modelUuid, unit.name) }
        : {}),
    };
    if (plan.relation) {
      env.JUJU_RELATION = plan.relation.endpoint;
      env.JUJU_RELATION_ID = `${plan.relation.endpoint}:${plan.relation.id}`;
      env.JUJU_REMOTE_APP = plan.relation.remoteApp;
    }
    if (plan.remoteUnit) env.JUJU_REMOTE_UNIT = plan.remoteUnit;
    if (plan.departingUnit) env.JUJU_DEPARTING_UNIT = plan.departingUnit;
    if (plan.workload) env.JUJU_WORKLOAD_NAME = plan.workload;
    if (plan.storageId) {
      const instance = world.storage?.get(unit.name)?.find((s) => s.id === plan.storageId);
      env.JUJU_STORAGE_ID = plan.storageId;
      if (instance)
        Object.assign(env, {
          JUJU_STORAGE_LOCATION: instance.location,
          JUJU_STORAGE_KIND: instance.kind,
        });
    }
    const notice = plan.workloadEvent?.notice;
    if (notice)
      Object.assign(env, {
        JUJU_NOTICE_ID: notice.id,
        JUJU_NOTICE_TYPE: notice.type,
        JUJU_NOTICE_KEY: notice.key,
      });
    if (plan.workloadEvent?.checkName) env.JUJU_PEBBLE_CHECK_NAME = plan.workloadEvent.checkName;
    if (plan.secret) {
      env.JUJU_SECRET_ID = `secret:${plan.secret.id}`;
      env.JUJU_SECRET_LABEL = plan.secret.label ?? '';
      if (plan.secret.revision !== undefined)
        env.JUJU_SECRET_REVISION = String(plan.secret.revision);
    }
    return env;
  }

  /**
   * Runs the charm's dispatch: in a long-lived runner when the charm is a bundle built for
   * it (no process start per hook), else as a process, exactly as Juju runs `dispatch`.
   */
  async #dispatch(
    charmStoreDir: string,
    options: { cwd: string; env: Record<string, string>; model: string; unit: string },
  ): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
    const bundle = this.#o.runners ? runnerBundle(charmStoreDir) : undefined;
    if (!this.#o.runners || !bundle) return this.#spawn(join(options.cwd, 'dispatch'), options);
    const output = { stdout: '', stderr: '' };
    const forward = this.#forwarder(options.model, options.unit, output);
    const exitCode = await this.#o.runners.run(bundle, options, (stream, text) =>
      forward(stream, stream === 'stdout' ? 'DEBUG' : 'WARNING')(text),
    );
    return { exitCode, ...output };
  }

  /** Hook output: into the log store line by line, and collected for the caller. */
  #forwarder(
    model: string,
    unit: string,
    output: { stdout: string; stderr: string },
  ): (stream: 'stdout' | 'stderr', level: LogLevel) => (text: string) => void {
    return (stream, level) => (text) => {
      output[stream] += text;
      for (const line of text.split('\n')) {
        if (line.trim()) this.#o.log(model, unit, level, line);
      }
    };
  }

  /** Runs the charm; its output goes to the log store and back to the caller. */
  #spawn(
    command: string,
    options: {
      cwd: string;
      env: Record<string, string>;
      model: string;
      unit: string;
      args?: readonly string[];
      timeoutMs?: number | undefined;
    },
  ): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
    const user = this.#o.charmUser?.user;
    const socketDir = this.#o.containers?.socketDir(options.model, options.unit);
    // In its own mount namespace the hook starts as root and drops to the charm user there.
    const run =
      this.#o.mountNamespaces && socketDir && existsSync(socketDir)
        ? inMountNamespace(command, options.args ?? [], {
            socketDir,
            user,
            mode: this.#o.mountNamespaces,
          })
        : { command, args: [...(options.args ?? [])], asUser: user };
    return new Promise((resolve) => {
      const child = spawn(run.command, run.args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...('asUser' in run && run.asUser ? { uid: run.asUser.uid, gid: run.asUser.gid } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' } : {}),
      });
      const output = { stdout: '', stderr: '' };
      const forward = this.#forwarder(options.model, options.unit, output);
      child.stdout.on('data', (chunk: Buffer) =>
        forward('stdout', 'DEBUG')(chunk.toString('utf8')),
      );
      child.stderr.on('data', (chunk: Buffer) =>
        forward('stderr', 'WARNING')(chunk.toString('utf8')),
      );
      child.on('error', (error) => {
        this.#o.log(
          options.model,
          options.unit,
          'ERROR',
          `cannot run ${command}: ${error.message}`,
        );
        resolve({ exitCode: null, ...output });
      });
      child.on('close', (code) => resolve({ exitCode: code, ...output }));
    });
  }
}

/** A unit's own directory under the controller's `units/`. */
export function unitDirectory(unitsDir: string, model: string, unit: string): string {
  return join(unitsDir, model, unit.replace('/', '-'));
}

/** The unit's writable copy of its charm, where hooks run (ops keeps its state there). */
export function unitCharmDir(unitsDir: string, model: string, unit: string): string {
  return join(unitDirectory(unitsDir, model, unit), 'charm');
}

/** Juju's agent message: `running install hook`, `running db-relation-changed hook for pg/0`. */
function runningMessage(plan: HookPlan): string {
  return `running ${plan.name} hook${plan.remoteUnit ? ` for ${plan.remoteUnit}` : ''}`;
}
