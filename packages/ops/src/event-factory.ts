/**
 * @module Builds the typed event for a dispatch target from the Juju context (ops-protocol.md
 * §1.3): the relation, remote app and unit, secret, storage or container it concerns.
 */
import type { Action } from './action.ts';
import { DeferNotAllowedError } from './errors.ts';
import type { CharmEvent } from './events.ts';
import { NON_DEFERRABLE } from './events.ts';
import type { DispatchTarget } from './hook-name.ts';
import type { JujuContext } from './juju-context.ts';
import type { CharmMeta } from './metadata/types.ts';
import type { Model } from './model/model.ts';
import type { ModelContext } from './model/model-context.ts';
import { Relation } from './model/relation.ts';
import { Secret } from './model/secret.ts';
import { Storage } from './model/storage.ts';

type KnownTarget = Exclude<DispatchTarget, { kind: 'unknown' }>;

export interface EventSource<M extends CharmMeta> {
  readonly target: KnownTarget;
  /** The context the event happened in: the current one, or a deferred event's snapshot over it. */
  readonly juju: JujuContext;
  readonly reemitted: boolean;
  readonly ctx: ModelContext;
  readonly model: Model<M>;
  /** Memoised so every handler of one event sees the same Action. */
  readonly action?: Action<M>;
}

/** Creates the event one handler receives; `onDefer` records that this handler deferred it. */
export function createEvent<M extends CharmMeta>(
  source: EventSource<M>,
  onDefer: () => void,
): CharmEvent<M> {
  const { target, juju } = source;
  const base = {
    name: target.name,
    reemitted: source.reemitted,
    defer(): void {
      if (NON_DEFERRABLE.has(target.kind)) throw new DeferNotAllowedError(target.kind);
      onDefer();
    },
  };
  switch (target.kind) {
    case 'relation-created':
    case 'relation-joined':
    case 'relation-changed':
    case 'relation-departed':
    case 'relation-broken':
      return {
        ...base,
        kind: target.kind,
        relation: relationOf(source, target.endpoint),
        ...remoteFields(juju),
      } as CharmEvent<M>;
    case 'storage-attached':
    case 'storage-detaching':
      return {
        ...base,
        kind: target.kind,
        storageName: target.storage,
        storage: new Storage(source.ctx, juju.storageId ?? `${target.storage}/0`),
      } as CharmEvent<M>;
    case 'pebble-ready':
    case 'pebble-custom-notice':
    case 'pebble-check-failed':
    case 'pebble-check-recovered':
      return {
        ...base,
        kind: target.kind,
        ...workloadFields(source, target.container),
      } as CharmEvent<M>;
    case 'action':
      return { ...base, kind: 'action', action: source.action } as CharmEvent<M>;
    case 'secret-changed':
    case 'secret-rotate':
    case 'secret-remove':
    case 'secret-expired':
      return { ...base, kind: target.kind, ...secretFields(source) };
    default:
      return { ...base, kind: target.kind };
  }
}

function remoteFields(juju: JujuContext) {
  return {
    remoteApp: juju.remoteApp ?? null,
    remoteUnit: juju.remoteUnit ?? null,
    departingUnit: juju.departingUnit ?? null,
  };
}

function workloadFields<M extends CharmMeta>(source: EventSource<M>, container: string) {
  const { juju } = source;
  return {
    containerName: container,
    container: source.model.unit.container(container as never),
    notice:
      juju.noticeId === undefined
        ? undefined
        : { id: juju.noticeId, type: juju.noticeType ?? 'custom', key: juju.noticeKey ?? '' },
    checkName: juju.checkName,
  };
}

function secretFields<M extends CharmMeta>(source: EventSource<M>) {
  const { juju } = source;
  const lookup = {
    ...(juju.secretId === undefined ? {} : { id: juju.secretId }),
    ...(juju.secretLabel === undefined ? {} : { label: juju.secretLabel }),
  };
  return { secret: new Secret(source.ctx, lookup), revision: juju.secretRevision };
}

function relationOf<M extends CharmMeta>(source: EventSource<M>, endpoint: string): Relation {
  const id = source.juju.relationId;
  if (id === undefined) return new Relation(source.ctx, endpoint, -1, { active: false });
  const live = source.model.relations(endpoint as never).find((r) => r.id === id);
  return live ?? new Relation(source.ctx, endpoint, id, { active: false });
}
