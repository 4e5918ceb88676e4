/**
 * @module Typed events handed to handlers and `reconcile()`: one discriminated union keyed by
 * `kind`, built once from the dispatch target (ops-protocol.md §1.3, §3.1).
 */
import type { Action } from './action.ts';
import type {
  HookKind,
  LifecycleHookKind,
  RelationHookKind,
  StorageHookKind,
  WorkloadHookKind,
} from './hook-name.ts';
import type { CharmMeta } from './metadata/types.ts';
import type { ActionName, ContainerName, EndpointName, StorageName } from './metadata/typed.ts';
import type { Container } from './model/container.ts';
import type { Relation } from './model/relation.ts';
import type { Secret } from './model/secret.ts';
import type { Storage } from './model/storage.ts';

export type SecretHookKind =
  'secret-changed' | 'secret-rotate' | 'secret-remove' | 'secret-expired';

interface EventBase {
  /** Hook or action name as Juju dispatched it, e.g. `db-relation-changed`. */
  readonly name: string;
  /** True when this is an earlier dispatch's deferred event, run again. */
  readonly reemitted: boolean;
  /**
   * Keeps this event for the next dispatch. Prefer reconciling: every event already runs
   * `reconcile()`, so waiting for the next one is usually enough.
   *
   * @throws {DeferNotAllowedError} for stop, remove, secret-rotate, secret-expired and actions.
   */
  defer(): void;
}

export interface LifecycleEvent extends EventBase {
  readonly kind: Exclude<LifecycleHookKind, SecretHookKind>;
}

export interface SecretEvent extends EventBase {
  readonly kind: SecretHookKind;
  readonly secret: Secret;
  /** The revision concerned (secret-remove, secret-expired; secret-changed when Juju sends it). */
  readonly revision: number | undefined;
}

export interface RelationEvent<M extends CharmMeta = CharmMeta> extends EventBase {
  readonly kind: RelationHookKind;
  readonly relation: Relation<EndpointName<M>>;
  readonly remoteApp: string | null;
  /** The remote unit; null for created, broken and app-data relation-changed. */
  readonly remoteUnit: string | null;
  /** relation-departed: the unit leaving (may be this unit). */
  readonly departingUnit: string | null;
}

export interface StorageEvent<M extends CharmMeta = CharmMeta> extends EventBase {
  readonly kind: StorageHookKind;
  readonly storageName: StorageName<M>;
  readonly storage: Storage;
}

export interface WorkloadEvent<M extends CharmMeta = CharmMeta> extends EventBase {
  readonly kind: WorkloadHookKind;
  readonly containerName: ContainerName<M>;
  readonly container: Container;
  /** pebble-custom-notice only. */
  readonly notice: { readonly id: string; readonly type: string; readonly key: string } | undefined;
  /** pebble-check-failed / -recovered only. */
  readonly checkName: string | undefined;
}

export interface ActionEvent<M extends CharmMeta = CharmMeta> extends EventBase {
  readonly kind: 'action';
  readonly action: Action<M, ActionName<M>>;
}

/** Any event a charm can receive. */
export type CharmEvent<M extends CharmMeta = CharmMeta> =
  | LifecycleEvent
  | SecretEvent
  | RelationEvent<M>
  | StorageEvent<M>
  | WorkloadEvent<M>
  | ActionEvent<M>;

/** The event type for one kind, e.g. `EventOfKind<M, 'relation-changed'>` is a RelationEvent. */
export type EventOfKind<M extends CharmMeta, K extends HookKind> = NarrowByKind<CharmEvent<M>, K>;

/** Keeps the members of `E` whose `kind` admits `K`, with `kind` narrowed to `K`. */
type NarrowByKind<E, K> = E extends { readonly kind: infer EK }
  ? K extends EK
    ? E & { readonly kind: K }
    : never
  : never;

/** Kinds Juju never re-runs, so ops refuses to defer them. */
export const NON_DEFERRABLE: ReadonlySet<HookKind> = new Set<HookKind>([
  'stop',
  'remove',
  'secret-rotate',
  'secret-expired',
  'action',
]);
