/**
 * @module `ctx.on.*`: the events a test can run, each carrying what Juju would put in the
 * environment for it (ops-protocol.md §1.2, §7.1). Relation events default the remote unit
 * to the relation's first remote unit, as Scenario does.
 */
import type { ActionName, CharmMeta } from '@charmkit/ops';
import type { ContainerState, RelationState, SecretState, StorageState } from './components.ts';

/** One event to run; build with `ctx.on.*`. */
export interface EventSpec {
  /** The hook or action name, e.g. `db-relation-changed` or `greet`. */
  readonly name: string;
  readonly kind: string;
  readonly isAction: boolean;
  readonly relation?: RelationState;
  readonly remoteUnitId?: number;
  readonly departingUnit?: string;
  readonly container?: ContainerState;
  readonly notice?: { readonly id: string; readonly type: string; readonly key: string };
  readonly checkName?: string;
  readonly secret?: SecretState;
  readonly secretRevision?: number;
  readonly storage?: StorageState;
  readonly params?: Readonly<Record<string, unknown>>;
}

const simple = (kind: string) => (): EventSpec => ({ name: kind, kind, isAction: false });

function relationEvent(suffix: string) {
  return (
    relation: RelationState,
    options: { remoteUnitId?: number; departingUnit?: string } = {},
  ): EventSpec => {
    const ids = Object.keys(relation.remoteUnitsData).map(Number);
    const remoteUnitId = options.remoteUnitId ?? ids[0];
    const needsUnit =
      suffix === 'relation-joined' ||
      suffix === 'relation-departed' ||
      suffix === 'relation-changed';
    return {
      name: `${relation.endpoint}-${suffix}`,
      kind: suffix,
      isAction: false,
      relation,
      ...(needsUnit && remoteUnitId !== undefined ? { remoteUnitId } : {}),
      ...(options.departingUnit === undefined ? {} : { departingUnit: options.departingUnit }),
    };
  };
}

function secretEvent(kind: string) {
  return (secret: SecretState, options: { revision?: number } = {}): EventSpec => ({
    name: kind,
    kind,
    isAction: false,
    secret,
    ...(options.revision === undefined ? {} : { secretRevision: options.revision }),
  });
}

function workloadEvent(suffix: string) {
  return (container: ContainerState): EventSpec => ({
    name: `${container.name}-${suffix}`,
    kind: suffix,
    isAction: false,
    container,
  });
}

function storageEvent(suffix: string) {
  return (storage: StorageState): EventSpec => ({
    name: `${storage.name}-${suffix}`,
    kind: suffix,
    isAction: false,
    storage,
  });
}

type RelationEventBuilder = (
  relation: RelationState,
  options?: { remoteUnitId?: number; departingUnit?: string },
) => EventSpec;
type SecretEventBuilder = (secret: SecretState, options?: { revision?: number }) => EventSpec;

/** `ctx.on`: one builder per event; `action` names are typed from metadata. */
export interface EventBuilders<M extends CharmMeta> {
  readonly install: () => EventSpec;
  readonly start: () => EventSpec;
  readonly stop: () => EventSpec;
  readonly remove: () => EventSpec;
  readonly updateStatus: () => EventSpec;
  readonly configChanged: () => EventSpec;
  readonly upgradeCharm: () => EventSpec;
  readonly leaderElected: () => EventSpec;
  readonly leaderSettingsChanged: () => EventSpec;
  readonly preSeriesUpgrade: () => EventSpec;
  readonly postSeriesUpgrade: () => EventSpec;
  readonly secretChanged: SecretEventBuilder;
  readonly secretRotate: SecretEventBuilder;
  readonly secretExpired: SecretEventBuilder;
  readonly secretRemove: SecretEventBuilder;
  readonly relationCreated: RelationEventBuilder;
  readonly relationJoined: RelationEventBuilder;
  readonly relationChanged: RelationEventBuilder;
  readonly relationDeparted: RelationEventBuilder;
  readonly relationBroken: RelationEventBuilder;
  readonly storageAttached: (storage: StorageState) => EventSpec;
  readonly storageDetaching: (storage: StorageState) => EventSpec;
  readonly pebbleReady: (container: ContainerState) => EventSpec;
  readonly pebbleCustomNotice: (
    container: ContainerState,
    notice: { readonly key: string; readonly id?: string; readonly type?: string },
  ) => EventSpec;
  readonly pebbleCheckFailed: (container: ContainerState, checkName: string) => EventSpec;
  readonly pebbleCheckRecovered: (container: ContainerState, checkName: string) => EventSpec;
  readonly action: (name: ActionName<M>, params?: Readonly<Record<string, unknown>>) => EventSpec;
}

/** The event builders of a Context. */
export function eventBuilders<M extends CharmMeta>(): EventBuilders<M> {
  return {
    install: simple('install'),
    start: simple('start'),
    stop: simple('stop'),
    remove: simple('remove'),
    updateStatus: simple('update-status'),
    configChanged: simple('config-changed'),
    upgradeCharm: simple('upgrade-charm'),
    leaderElected: simple('leader-elected'),
    leaderSettingsChanged: simple('leader-settings-changed'),
    preSeriesUpgrade: simple('pre-series-upgrade'),
    postSeriesUpgrade: simple('post-series-upgrade'),
    secretChanged: secretEvent('secret-changed'),
    secretRotate: secretEvent('secret-rotate'),
    secretExpired: secretEvent('secret-expired'),
    secretRemove: secretEvent('secret-remove'),
    relationCreated: relationEvent('relation-created'),
    relationJoined: relationEvent('relation-joined'),
    relationChanged: relationEvent('relation-changed'),
    relationDeparted: relationEvent('relation-departed'),
    relationBroken: relationEvent('relation-broken'),
    storageAttached: storageEvent('storage-attached'),
    storageDetaching: storageEvent('storage-detaching'),
    pebbleReady: workloadEvent('pebble-ready'),
    pebbleCustomNotice: (
      container: ContainerState,
      notice: { readonly key: string; readonly id?: string; readonly type?: string },
    ): EventSpec => ({
      ...workloadEvent('pebble-custom-notice')(container),
      notice: { id: notice.id ?? '1', type: notice.type ?? 'custom', key: notice.key },
    }),
    pebbleCheckFailed: (container: ContainerState, checkName: string): EventSpec => ({
      ...workloadEvent('pebble-check-failed')(container),
      checkName,
    }),
    pebbleCheckRecovered: (container: ContainerState, checkName: string): EventSpec => ({
      ...workloadEvent('pebble-check-recovered')(container),
      checkName,
    }),
    action: (name: ActionName<M>, params: Readonly<Record<string, unknown>> = {}): EventSpec => ({
      name,
      kind: 'action',
      isAction: true,
      params,
    }),
  };
}
