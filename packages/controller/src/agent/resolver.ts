/**
 * @module The unit agent's resolver (juju-semantics.md §2.2–§2.5): compares the model with
 * what a unit has already been told and returns the one hook to run next, in Juju's order,
 * with the local-state change to record when it succeeds. Pure: no I/O, no clock.
 */
import { createHash } from 'node:crypto';
import type { SecretRecord } from '../model/secrets.ts';
import type { Relation, RelationLocalState, Unit, UnitLocalState, World } from '../model/types.ts';
import { settingsKey } from '../model/types.ts';

export interface HookPlan {
  /** Hook name as Juju dispatches it: `install`, `db-relation-changed`, … */
  readonly name: string;
  /** Hook kind without the entity: `relation-changed`, `pebble-ready`, … */
  readonly kind: string;
  readonly relation?: {
    readonly id: number;
    readonly endpoint: string;
    readonly remoteApp: string;
  };
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
  readonly workload?: string;
  /** What the unit will have been told once this hook succeeds. */
  readonly after: UnitLocalState;
  /** Juju runs these without the `executing` agent status. */
  readonly quiet?: boolean;
  /** Set for storage hooks: `JUJU_STORAGE_ID`. */
  readonly storageId?: string;
  /** Set for notice and check hooks. */
  readonly workloadEvent?: {
    readonly id: number;
    readonly notice?: { readonly id: string; readonly type: string; readonly key: string };
    readonly checkName?: string;
  };
  /** Set for secret hooks: `JUJU_SECRET_ID`, `_LABEL`, `_REVISION`. */
  readonly secret?: { readonly id: string; readonly label?: string; readonly revision?: number };
  /** Set for an action: the queued task to run. */
  readonly action?: {
    readonly id: number;
    readonly name: string;
    readonly params: Record<string, unknown>;
  };
}

/** The next hook for `unitName`, or undefined when the unit is idle (or blocked on an error). */
export function nextHook(world: World, unitName: string): HookPlan | undefined {
  const unit = world.units.get(unitName);
  if (!unit || unit.local.removed) return undefined;
  // Actions still run while a failed hook waits to be resolved (§2.2).
  if (unit.local.hookError) return actionHook(world, unit);
  const local = unit.local;
  if (unit.life !== 'alive') return dyingHook(world, unit);
  if (!local.installed) {
    const install = plan('install', {
      ...local,
      installed: true,
      charmRevision: charmRevision(world, unit),
    });
    return storageAttachedHook(world, unit) ?? install;
  }
  return (
    createdRelationHook(world, unit) ??
    leadershipHook(world, unit) ??
    pebbleReadyHook(world, unit) ??
    workloadEventHook(world, unit) ??
    secretHook(world, unit) ??
    (local.started ? actionHook(world, unit) : undefined) ??
    upgradeHook(world, unit) ??
    configHook(world, unit) ??
    (local.started ? undefined : plan('start', { ...local, started: true })) ??
    relationHooks(world, unit) ??
    (local.updateStatusDue
      ? { ...plan('update-status', { ...local, updateStatusDue: false }), quiet: true }
      : undefined)
  );
}

function plan(name: string, after: UnitLocalState, kind = name): HookPlan {
  return { name, kind, after };
}

/** The oldest custom notice or check event from one of the unit's containers. */
function workloadEventHook(world: World, unit: Unit): HookPlan | undefined {
  const event = world.workloadEvents?.get(unit.name)?.[0];
  if (!event || !unit.local.pebbleReady[event.container]) return undefined;
  return {
    name: `${event.container}-${event.kind}`,
    kind: event.kind,
    after: unit.local,
    workload: event.container,
    workloadEvent: {
      id: event.id,
      ...(event.notice ? { notice: event.notice } : {}),
      ...(event.checkName ? { checkName: event.checkName } : {}),
    },
  };
}

/** Owner and consumer secret hooks (§2.2 item 7): expired, rotate, changed, remove. */
function secretHook(world: World, unit: Unit): HookPlan | undefined {
  const secrets = world.secrets;
  if (!secrets) return undefined;
  const leader = world.applications.get(unit.app)?.leader === unit.name;
  const owns = (r: SecretRecord): boolean =>
    r.ownerKind === 'unit' ? r.owner === unit.name : r.owner === unit.app && leader;
  const owned = secrets.records.filter(owns);
  return (
    expiredHook(world, unit, owned) ??
    rotateHook(world, unit, owned) ??
    changedHook(secrets, unit) ??
    obsoleteHook(secrets, unit, owned)
  );
}

function labelOf(record: SecretRecord): { label?: string } {
  return record.label ? { label: record.label } : {};
}

/** Juju's `ExpireRetryDelay`: an expired revision still there is reported again after it. */
export const EXPIRE_RETRY_MS = 5 * 60_000;

/** An owned revision past its expiry, not reported since it was last due. */
function expiredHook(
  world: World,
  unit: Unit,
  owned: readonly SecretRecord[],
): HookPlan | undefined {
  const now = world.now ?? Date.now();
  const seen = unit.local.secretExpiries ?? {};
  for (const { secretId, revision, expire } of world.secrets?.expiring ?? []) {
    const record = owned.find((r) => r.id === secretId);
    const key = `${secretId}/${revision}`;
    const due = Date.parse(seen[key] ?? expire);
    if (!record || due > now) continue;
    // Re-reported on the grid `expire + k × retry` the controller's clock wakes the agents on.
    const next = new Date(due + (Math.floor((now - due) / EXPIRE_RETRY_MS) + 1) * EXPIRE_RETRY_MS);
    const after = { ...unit.local, secretExpiries: { ...seen, [key]: next.toISOString() } };
    return secretPlan(unit, 'secret-expired', after, {
      id: secretId,
      revision,
      ...labelOf(record),
    });
  }
  return undefined;
}

function rotateHook(
  world: World,
  unit: Unit,
  owned: readonly SecretRecord[],
): HookPlan | undefined {
  const now = world.now ?? Date.now();
  const due = owned.find((r) => r.nextRotate !== undefined && Date.parse(r.nextRotate) <= now);
  return due
    ? secretPlan(unit, 'secret-rotate', unit.local, { id: due.id, ...labelOf(due) })
    : undefined;
}

function changedHook(secrets: NonNullable<World['secrets']>, unit: Unit): HookPlan | undefined {
  for (const consumer of secrets.consumers) {
    if (consumer.unit !== unit.name) continue;
    const record = secrets.records.find((r) => r.id === consumer.secretId);
    if (!record || consumer.notifiedRevision >= record.latestRevision) continue;
    const label = consumer.label ? { label: consumer.label } : {};
    return secretPlan(unit, 'secret-changed', unit.local, {
      id: record.id,
      revision: record.latestRevision,
      ...label,
    });
  }
  return undefined;
}

/** A revision no consumer tracks any more and that is not the latest: the owner may remove it. */
function obsoleteHook(
  secrets: NonNullable<World['secrets']>,
  unit: Unit,
  owned: readonly SecretRecord[],
): HookPlan | undefined {
  const removed = new Set(unit.local.secretRemovals ?? []);
  for (const record of owned) {
    const tracked = new Set(
      secrets.consumers.filter((c) => c.secretId === record.id).map((c) => c.trackedRevision),
    );
    for (const revision of secrets.revisions.get(record.id) ?? []) {
      const key = `${record.id}/${revision}`;
      if (revision >= record.latestRevision || tracked.has(revision) || removed.has(key)) continue;
      const after = { ...unit.local, secretRemovals: [...removed, key] };
      return secretPlan(unit, 'secret-remove', after, {
        id: record.id,
        revision,
        ...labelOf(record),
      });
    }
  }
  return undefined;
}

function secretPlan(
  unit: Unit,
  kind: string,
  after: UnitLocalState,
  secret: NonNullable<HookPlan['secret']>,
): HookPlan {
  return { name: kind, kind, after, secret };
}

/** The oldest queued action: pre-empts config, relation and update-status work, not `start`. */
function actionHook(world: World, unit: Unit): HookPlan | undefined {
  const task = world.pendingActions?.get(unit.name)?.[0];
  if (!task) return undefined;
  return { name: task.name, kind: 'action', after: unit.local, action: task };
}

function charmRevision(world: World, unit: Unit): number {
  return world.applications.get(unit.app)?.charm.revision ?? 0;
}

/** Relations the unit's application takes part in, non-peer first (Juju runs peers last). */
export function relationsOf(world: World, app: string): Relation[] {
  const rels = [...world.relations.values()].filter((r) => r.endpoints.some((e) => e.app === app));
  const isPeer = (r: Relation): number => (r.endpoints[0]?.role === 'peer' ? 1 : 0);
  return rels.sort((a, b) => isPeer(a) - isPeer(b) || a.id - b.id);
}

function ownEndpoint(rel: Relation, app: string): { endpoint: string; remoteApp: string } {
  const own = rel.endpoints.find((e) => e.app === app)!;
  const remote = rel.endpoints.find((e) => e.app !== app) ?? own;
  return { endpoint: own.endpoint, remoteApp: remote.app };
}

function relLocal(unit: Unit, id: number): RelationLocalState {
  return unit.local.relations[String(id)] ?? { created: false, members: {}, appVersion: 0 };
}

function withRelation(unit: Unit, id: number, next: RelationLocalState): UnitLocalState {
  return { ...unit.local, relations: { ...unit.local.relations, [String(id)]: next } };
}

function relationPlan(
  rel: Relation,
  unit: Unit,
  kind: string,
  extra: { after: UnitLocalState; remoteUnit?: string; departingUnit?: string },
): HookPlan {
  const { endpoint, remoteApp } = ownEndpoint(rel, unit.app);
  return {
    name: `${endpoint}-${kind}`,
    kind,
    relation: { id: rel.id, endpoint, remoteApp },
    after: extra.after,
    ...(extra.remoteUnit ? { remoteUnit: extra.remoteUnit } : {}),
    ...(extra.departingUnit ? { departingUnit: extra.departingUnit } : {}),
  };
}

function createdRelationHook(world: World, unit: Unit): HookPlan | undefined {
  for (const rel of relationsOf(world, unit.app)) {
    if (rel.life !== 'alive' || relLocal(unit, rel.id).created) continue;
    return relationPlan(rel, unit, 'relation-created', {
      after: withRelation(unit, rel.id, { ...relLocal(unit, rel.id), created: true }),
    });
  }
  return undefined;
}

function leadershipHook(world: World, unit: Unit): HookPlan | undefined {
  const isLeader = world.applications.get(unit.app)?.leader === unit.name;
  const local = unit.local;
  if (isLeader && !local.leader)
    return plan('leader-elected', { ...local, leader: true, leaderSettingsSeen: true });
  if (!isLeader && local.leader) return nextHookAfterResign(world, unit);
  if (!isLeader && !local.leaderSettingsSeen) {
    return plan('leader-settings-changed', { ...local, leaderSettingsSeen: true });
  }
  return undefined;
}

/** Losing leadership runs no hook; record it and look again. */
function nextHookAfterResign(world: World, unit: Unit): HookPlan | undefined {
  const resigned: Unit = { ...unit, local: { ...unit.local, leader: false } };
  const units = new Map(world.units).set(unit.name, resigned);
  const next = nextHook({ ...world, units }, unit.name);
  return next ?? plan('', resigned.local);
}

function pebbleReadyHook(world: World, unit: Unit): HookPlan | undefined {
  const meta = world.applications.get(unit.app)?.charm.meta;
  for (const name of Object.keys(meta?.containers ?? {})) {
    if (unit.local.pebbleReady[name] || !world.pebbleUp?.has(`${unit.name}/${name}`)) continue;
    return {
      ...plan(
        `${name}-pebble-ready`,
        { ...unit.local, pebbleReady: { ...unit.local.pebbleReady, [name]: true } },
        'pebble-ready',
      ),
      workload: name,
    };
  }
  return undefined;
}

function upgradeHook(world: World, unit: Unit): HookPlan | undefined {
  const revision = charmRevision(world, unit);
  if (unit.local.charmRevision === revision) return undefined;
  // upgrade-charm is always followed by config-changed: forget the config hash.
  return plan('upgrade-charm', { ...unit.local, charmRevision: revision, configHash: '' });
}

/** Hash of what config-changed reacts to: config, trust and the unit's address. */
export function configHash(world: World, unit: Unit): string {
  const app = world.applications.get(unit.app);
  const text = JSON.stringify([app?.config ?? {}, app?.trust ?? false, unit.address]);
  return createHash('sha256').update(text).digest('hex');
}

function configHook(world: World, unit: Unit): HookPlan | undefined {
  const hash = configHash(world, unit);
  return unit.local.configHash === hash
    ? undefined
    : plan('config-changed', { ...unit.local, configHash: hash });
}

/** Remote units in the relation's scope, seen from `unit`: alive, created, not broken. */
export function membersFor(world: World, rel: Relation, unit: Unit): Map<string, number> {
  const members = new Map<string, number>();
  if (rel.life !== 'alive' || unit.life !== 'alive') return members;
  const { remoteApp } = ownEndpoint(rel, unit.app);
  const isPeer = rel.endpoints[0]?.role === 'peer';
  for (const other of world.units.values()) {
    if (other.name === unit.name || other.app !== (isPeer ? unit.app : remoteApp)) continue;
    const scope = relLocal(other, rel.id);
    if (other.life !== 'alive' || !scope.created || scope.broken) continue;
    members.set(other.name, world.settings.get(settingsKey(rel.id, other.name))?.version ?? 0);
  }
  return members;
}

function relationHooks(world: World, unit: Unit): HookPlan | undefined {
  for (const rel of relationsOf(world, unit.app)) {
    const hook = relationHook(world, rel, unit);
    if (hook) return hook;
  }
  return undefined;
}

/** Per relation, Juju's order (§2.4): pending changed, departed, broken, app changed, joined, changed. */
function relationHook(world: World, rel: Relation, unit: Unit): HookPlan | undefined {
  const local = relLocal(unit, rel.id);
  if (!local.created || local.broken) return undefined;
  const members = membersFor(world, rel, unit);
  if (local.changedPending) {
    const remote = local.changedPending;
    const { changedPending: _, ...rest } = local;
    return relationPlan(rel, unit, 'relation-changed', {
      after: withRelation(unit, rel.id, rest),
      remoteUnit: remote,
    });
  }
  for (const known of Object.keys(local.members).sort()) {
    if (members.has(known)) continue;
    const { [known]: _, ...remaining } = local.members;
    const departing = unit.life === 'alive' ? known : unit.name;
    return relationPlan(rel, unit, 'relation-departed', {
      after: withRelation(unit, rel.id, { ...local, members: remaining }),
      remoteUnit: known,
      departingUnit: departing,
    });
  }
  const isPeer = rel.endpoints[0]?.role === 'peer';
  if (rel.life !== 'alive' || unit.life !== 'alive') {
    if (isPeer) return undefined;
    return relationPlan(rel, unit, 'relation-broken', {
      after: withRelation(unit, rel.id, { ...local, broken: true }),
    });
  }
  return appChangedHook(world, rel, unit) ?? memberHook(rel, unit, members);
}

/** The remote app bag changed (not for the peer leader, who wrote it). */
function appChangedHook(world: World, rel: Relation, unit: Unit): HookPlan | undefined {
  const local = relLocal(unit, rel.id);
  const { remoteApp } = ownEndpoint(rel, unit.app);
  const appVersion = world.settings.get(settingsKey(rel.id, remoteApp))?.version ?? 0;
  const isPeer = rel.endpoints[0]?.role === 'peer';
  const isLeaderOfPeer = isPeer && world.applications.get(unit.app)?.leader === unit.name;
  if (appVersion === 0 || appVersion === local.appVersion || isLeaderOfPeer) return undefined;
  return relationPlan(rel, unit, 'relation-changed', {
    after: withRelation(unit, rel.id, { ...local, appVersion }),
  });
}

/** A remote unit to welcome (joined) or whose bag changed (changed), by unit name. */
function memberHook(rel: Relation, unit: Unit, members: Map<string, number>): HookPlan | undefined {
  const local = relLocal(unit, rel.id);
  const sorted = [...members].sort(([a], [b]) => a.localeCompare(b));
  for (const [member, version] of sorted) {
    if (member in local.members) continue;
    return relationPlan(rel, unit, 'relation-joined', {
      after: withRelation(unit, rel.id, {
        ...local,
        members: { ...local.members, [member]: version },
        changedPending: member,
      }),
      remoteUnit: member,
    });
  }
  for (const [member, version] of sorted) {
    if (local.members[member] === version) continue;
    return relationPlan(rel, unit, 'relation-changed', {
      after: withRelation(unit, rel.id, {
        ...local,
        members: { ...local.members, [member]: version },
      }),
      remoteUnit: member,
    });
  }
  return undefined;
}

/** Storage is attached before install (juju-semantics.md §2.3). */
function storageAttachedHook(world: World, unit: Unit): HookPlan | undefined {
  const attached = new Set(unit.local.storageAttached ?? []);
  const next = world.storage?.get(unit.name)?.find((s) => !attached.has(s.id));
  if (!next) return undefined;
  const after = { ...unit.local, storageAttached: [...attached, next.id] };
  return {
    name: `${next.name}-storage-attached`,
    kind: 'storage-attached',
    after,
    storageId: next.id,
  };
}

/** Storage is detached after the relations, before stop. */
function storageDetachingHook(world: World, unit: Unit): HookPlan | undefined {
  const attached = unit.local.storageAttached ?? [];
  const id = attached[0];
  const instance =
    id === undefined ? undefined : world.storage?.get(unit.name)?.find((s) => s.id === id);
  if (!id || !instance) return undefined;
  const after = { ...unit.local, storageAttached: attached.slice(1) };
  return {
    name: `${instance.name}-storage-detaching`,
    kind: 'storage-detaching',
    after,
    storageId: id,
  };
}

/** A dying unit: relations departed/broken first, then stop, then remove (§2.4). */
function dyingHook(world: World, unit: Unit): HookPlan | undefined {
  if (!unit.local.installed) return plan('remove', { ...unit.local, removed: true });
  const relationHook = relationHooks(world, unit) ?? storageDetachingHook(world, unit);
  if (relationHook) return relationHook;
  if (!unit.local.stopped) return plan('stop', { ...unit.local, stopped: true });
  return plan('remove', { ...unit.local, removed: true });
}
