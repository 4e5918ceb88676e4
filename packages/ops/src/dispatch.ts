/**
 * @module One dispatch, in ops' order (ops-protocol.md §3.2): deferred events (oldest
 * first), then the Juju event (its handlers, then `reconcile()`), then collect-status
 * (app on the leader, then unit), then the deferred queue is saved. The same code runs under
 * real Juju, the Charmkit agent and the in-memory harness; only the Backend differs.
 */
import { Action } from './action.ts';
import type { Backend, DeferredNotice } from './backend/backend.ts';
import type { Charm, CharmClass, Observer } from './charm.ts';
import { Framework } from './charm.ts';
import {
  InvalidActionParamsError,
  InvalidConfigError,
  InvalidRelationDataError,
} from './errors.ts';
import { createEvent } from './event-factory.ts';
import type { EventSource } from './event-factory.ts';
import type { CharmEvent } from './events.ts';
import { parseDispatchPath } from './hook-name.ts';
import type { DispatchTarget } from './hook-name.ts';
import type { JujuContext } from './juju-context.ts';
import { JujuLogger } from './logger.ts';
import type { CharmMeta } from './metadata/types.ts';
import { Model } from './model/model.ts';
import { ModelContext } from './model/model-context.ts';
import { blocked } from './status.ts';

/** One event the framework ran handlers for, in order; for test harnesses and tracing. */
export interface EmittedEvent {
  /** `config-changed`, `relation-joined`, `action`, `collect-app-status`, `collect-unit-status`. */
  readonly kind: string;
  readonly reemitted: boolean;
}

export interface DispatchOptions<M extends CharmMeta> {
  readonly charmClass: CharmClass<M>;
  readonly metadata: M;
  readonly context: JujuContext;
  readonly backend: Backend;
  readonly onEvent?: (event: EmittedEvent) => void;
}

/** The JujuContext fields that identify an event, kept with a deferred notice. */
const SNAPSHOT_KEYS = [
  'dispatchPath',
  'hookName',
  'relationName',
  'relationId',
  'remoteApp',
  'remoteUnit',
  'departingUnit',
  'secretId',
  'secretLabel',
  'secretRevision',
  'storageId',
  'workloadName',
  'noticeId',
  'noticeType',
  'noticeKey',
  'checkName',
] as const satisfies readonly (keyof JujuContext)[];

/**
 * Runs the charm for one hook or action.
 *
 * @throws whatever the charm's code throws, unchanged (the caller decides the exit code);
 *   config and relation-data validation errors become a `blocked` status instead.
 */
export async function dispatch<M extends CharmMeta>(options: DispatchOptions<M>): Promise<void> {
  const { backend, context: juju, metadata } = options;
  const ctx = new ModelContext(backend, juju, metadata);
  const model = new Model<M>(ctx);
  const logger = new JujuLogger(backend, { stderr: juju.debug });
  const framework = new Framework<M>({ model, meta: metadata, juju, logger });
  const charm = new options.charmClass(framework);
  const runner = new EventRunner(charm, framework, ctx, options.onEvent);

  const queue = backend.loadDeferred();
  const kept: DeferredNotice[] = [];
  for (const [index, notice] of queue.entries()) {
    logger.debug(
      `Re-emitting deferred event ${notice.handle} (${index + 1} of ${queue.length} in queue).`,
    );
    if (await runner.reemit(notice)) kept.push(notice);
  }

  const target = parseDispatchPath(juju.dispatchPath, metadata);
  if (target.kind === 'unknown') {
    logger.debug(`Event ${target.name} not defined for ${options.charmClass.name}.`);
  } else {
    logger.debug(`Emitting Juju event ${target.name}.`);
    for (const notice of await runner.emit(target, juju)) {
      if (!kept.some((k) => sameNotice(k, notice)))
        kept.push({ ...notice, handle: `${notice.handle}[${nextSequence(kept)}]` });
    }
  }

  await runner.collectStatus();
  if (kept.length !== queue.length || kept.some((n, i) => n !== queue[i]))
    backend.saveDeferred(kept);
}

class EventRunner<M extends CharmMeta> {
  readonly #charm: Charm<M>;
  readonly #framework: Framework<M>;
  readonly #ctx: ModelContext;
  readonly #onEvent: ((event: EmittedEvent) => void) | undefined;

  constructor(
    charm: Charm<M>,
    framework: Framework<M>,
    ctx: ModelContext,
    onEvent?: (event: EmittedEvent) => void,
  ) {
    this.#charm = charm;
    this.#framework = framework;
    this.#ctx = ctx;
    this.#onEvent = onEvent;
  }

  /** Runs a deferred notice's observer again; true when it deferred once more. */
  async reemit(notice: DeferredNotice): Promise<boolean> {
    const juju = { ...this.#framework.juju, ...notice.snapshot };
    const target = parseDispatchPath(juju.dispatchPath, this.#framework.meta);
    if (target.kind === 'unknown') return false;
    const source = this.#source(target, juju, true);
    this.#onEvent?.({ kind: target.kind, reemitted: true });
    if (notice.observer === 'reconcile') return this.#runReconcile(source);
    const observer = this.#framework.observers.find((o) => o.id === notice.observer);
    if (!observer) {
      this.#framework.logger.warning(
        `Dropping deferred ${notice.handle}: no handler ${notice.observer} any more.`,
      );
      return false;
    }
    return this.#runObserver(observer, source);
  }

  /** Runs the Juju event: matching handlers, then reconcile. Returns the notices deferred. */
  async emit(
    target: Exclude<DispatchTarget, { kind: 'unknown' }>,
    juju: JujuContext,
  ): Promise<DeferredNotice[]> {
    const source = this.#source(target, juju, false);
    this.#onEvent?.({ kind: target.kind, reemitted: false });
    const deferred: DeferredNotice[] = [];
    const handle = `${this.#charm.constructor.name}/on/${target.name}`;
    const snapshot = snapshotOf(juju);
    const observers = this.#framework.observers.filter((o) => matches(o, target));
    if (target.kind === 'action' && observers.length === 0) {
      source.action?.fail(
        `action "${target.action}" has no handler in this charm (register one with onAction)`,
      );
    }
    for (const observer of observers) {
      if (await this.#runObserver(observer, source))
        deferred.push({ handle, observer: observer.id, snapshot });
    }
    if (await this.#runReconcile(source))
      deferred.push({ handle, observer: 'reconcile', snapshot });
    return deferred;
  }

  async collectStatus(): Promise<void> {
    const { app, unit } = this.#framework.model;
    if (this.#ctx.isLeader()) {
      this.#onEvent?.({ kind: 'collect-app-status', reemitted: false });
      await this.#charm.collectAppStatus?.();
      const winner = app.collected.winner();
      if (winner) this.#ctx.backend.statusSet(winner, true);
    }
    this.#onEvent?.({ kind: 'collect-unit-status', reemitted: false });
    await this.#charm.collectUnitStatus?.();
    const winner = unit.collected.winner();
    if (winner) this.#ctx.backend.statusSet(winner, false);
  }

  #source(
    target: Exclude<DispatchTarget, { kind: 'unknown' }>,
    juju: JujuContext,
    reemitted: boolean,
  ): EventSource<M> {
    const action =
      target.kind === 'action'
        ? new Action<M>(this.#ctx.backend, target.action as never, juju.actionUuid ?? '')
        : undefined;
    return {
      target,
      juju,
      reemitted,
      ctx: this.#ctx,
      model: this.#framework.model,
      ...(action ? { action } : {}),
    };
  }

  async #runObserver(observer: Observer, source: EventSource<M>): Promise<boolean> {
    let deferred = false;
    const event = createEvent(source, () => (deferred = true));
    const argument = observer.kind === 'action' && event.kind === 'action' ? event.action : event;
    await this.#guard(
      () => (observer.handler as (e: unknown) => void | Promise<void>)(argument),
      event,
    );
    return deferred;
  }

  async #runReconcile(source: EventSource<M>): Promise<boolean> {
    let deferred = false;
    const event = createEvent(source, () => (deferred = true));
    if (!this.#charm.shouldReconcile(event)) return false;
    await this.#guard(() => this.#charm.reconcile(event), event);
    return deferred;
  }

  /** Turns validation errors into what an operator can act on; everything else propagates. */
  async #guard(run: () => void | Promise<void>, event: CharmEvent<M>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof InvalidActionParamsError && event.kind === 'action') {
        event.action.fail(error.message);
      } else if (error instanceof InvalidConfigError || error instanceof InvalidRelationDataError) {
        this.#framework.logger.warning(error.message);
        this.#framework.model.unit.addStatus(blocked(error.message));
      } else {
        throw error;
      }
    }
  }
}

function matches(
  observer: Observer,
  target: Exclude<DispatchTarget, { kind: 'unknown' }>,
): boolean {
  if (observer.kind !== target.kind) return false;
  const { filter } = observer;
  if ('endpoint' in target && filter.endpoint !== undefined && filter.endpoint !== target.endpoint)
    return false;
  if (
    'container' in target &&
    filter.container !== undefined &&
    filter.container !== target.container
  )
    return false;
  if ('storage' in target && filter.storage !== undefined && filter.storage !== target.storage)
    return false;
  if ('action' in target && observer.action !== undefined && observer.action !== target.action)
    return false;
  return true;
}

function snapshotOf(juju: JujuContext): Record<string, string | number> {
  const snapshot: Record<string, string | number> = {};
  for (const key of SNAPSHOT_KEYS) {
    const value = juju[key];
    if (value !== undefined) snapshot[key] = value;
  }
  return snapshot;
}

function sameNotice(a: DeferredNotice, b: DeferredNotice): boolean {
  return a.observer === b.observer && JSON.stringify(a.snapshot) === JSON.stringify(b.snapshot);
}

function nextSequence(notices: readonly DeferredNotice[]): number {
  let max = 0;
  for (const n of notices) {
    const m = /\[(\d+)\]$/.exec(n.handle);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}
