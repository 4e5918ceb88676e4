/**
 * @module The charm base class: reconcile first (DESIGN.md "The SDK"). Every event runs
 * `reconcile()`; handlers registered with `observe()`/`onAction()` cover what is inherently an
 * event; statuses are collected and the highest priority wins.
 */
import type { z } from 'zod';
import type { Action } from './action.ts';
import type { CharmEvent, EventOfKind } from './events.ts';
import type { HookKind } from './hook-name.ts';
import type { JujuContext } from './juju-context.ts';
import type { JujuLogger } from './logger.ts';
import type { CharmMeta } from './metadata/types.ts';
import type { ActionName, ConfigOf } from './metadata/typed.ts';
import { parseConfig } from './model/config.ts';
import type { Model } from './model/model.ts';
import type { App, Unit } from './model/unit.ts';

/** Narrows which events of a kind reach a handler. */
export interface ObserveFilter {
  readonly endpoint?: string;
  readonly container?: string;
  readonly storage?: string;
  /** Stable identity for deferred events; default `<kind>#<registration index>`. */
  readonly id?: string;
}

export type EventHandler<E> = (event: E) => void | Promise<void>;

/** One registered handler. */
export interface Observer {
  readonly id: string;
  readonly kind: HookKind;
  readonly filter: ObserveFilter;
  readonly action?: string;
  readonly handler: EventHandler<never>;
}

/** What the runtime gives a charm: the model, the context and where handlers are registered. */
export class Framework<M extends CharmMeta = CharmMeta> {
  readonly model: Model<M>;
  readonly meta: M;
  readonly juju: JujuContext;
  readonly logger: JujuLogger;
  readonly observers: Observer[] = [];

  constructor(init: { model: Model<M>; meta: M; juju: JujuContext; logger: JujuLogger }) {
    this.model = init.model;
    this.meta = init.meta;
    this.juju = init.juju;
    this.logger = init.logger;
  }
}

/** A charm class as the runtime needs it. */
export interface CharmClass<M extends CharmMeta = CharmMeta> {
  new (framework: Framework<M>): Charm<M>;
  readonly name: string;
  /** The generated metadata module, so the runtime need not parse YAML. */
  readonly metadata?: M;
}

/**
 * Base class of every charm.
 *
 * @example
 * class HelloCharm extends Charm<typeof metadata> {
 *   static readonly metadata = metadata;
 *   override async reconcile(): Promise<void> {
 *     const { port } = this.config;
 *     this.unit.setPorts([{ protocol: 'tcp', port }]);
 *     this.unit.addStatus(active());
 *   }
 * }
 */
export abstract class Charm<M extends CharmMeta = CharmMeta> {
  readonly framework: Framework<M>;

  constructor(framework: Framework<M>) {
    this.framework = framework;
  }

  /**
   * Drives every sink (workload, relation data, ports) to the state every source (config,
   * relations, secrets) asks for. Runs on every event unless {@link shouldReconcile} says
   * no. Throwing `InvalidConfigError` or `InvalidRelationDataError` sets `blocked`.
   */
  abstract reconcile(event: CharmEvent<M>): void | Promise<void>;

  /** Opt events out of reconciling (default: every event reconciles). */
  shouldReconcile(_event: CharmEvent<M>): boolean {
    return true;
  }

  /** Adds unit status candidates at the end of every dispatch (after handlers and reconcile). */
  collectUnitStatus?(): void | Promise<void>;

  /** Adds app status candidates at the end of every dispatch, on the leader only. */
  collectAppStatus?(): void | Promise<void>;

  get model(): Model<M> {
    return this.framework.model;
  }
  get unit(): Unit<M> {
    return this.framework.model.unit;
  }
  get app(): App {
    return this.framework.model.app;
  }
  /** Config typed from metadata. @throws {InvalidConfigError} */
  get config(): ConfigOf<M> {
    return this.framework.model.config;
  }
  get logger(): JujuLogger {
    return this.framework.logger;
  }

  /**
   * Validates config with a schema on top of the metadata types.
   *
   * @throws {InvalidConfigError}, which becomes a `blocked` status when it escapes reconcile.
   */
  loadConfig<S extends z.ZodType>(schema: S): z.infer<S> {
    return parseConfig(this.config as Record<string, unknown>, schema);
  }

  /**
   * Registers a handler for one kind of event (call it from the constructor). Handlers run
   * before `reconcile()`, in registration order.
   *
   * @example
   * this.observe('relation-broken', (event) => this.dropUser(event.relation), { endpoint: 'database' });
   */
  observe<K extends HookKind>(
    kind: K,
    handler: EventHandler<EventOfKind<M, K>>,
    filter: ObserveFilter = {},
  ): void {
    const observers = this.framework.observers;
    observers.push({
      id: filter.id ?? `${kind}#${observers.length}`,
      kind,
      filter,
      handler: handler,
    });
  }

  /**
   * Registers the handler of one action, with params typed from the metadata.
   *
   * @example
   * this.onAction('greet', (action) => action.setResults({ greeting: `hello ${action.params.name}` }));
   */
  onAction<A extends ActionName<M>>(name: A, handler: EventHandler<Action<M, A>>): void {
    this.framework.observers.push({
      id: `action:${name}`,
      kind: 'action',
      filter: {},
      action: name,
      handler: handler,
    });
  }
}
