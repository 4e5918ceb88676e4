/**
 * @module The model as the controller holds it (juju-semantics.md §2–§5): applications,
 * units, relations and databags, plus what each unit has already been told (its local
 * state), which the resolver compares with the model to pick the next hook.
 */
import type { CharmMeta, Status } from '@charmkit/ops';
import type { SecretConsumer, SecretRecord } from './secrets.ts';
import type { WorkloadEvent } from './workload-events.ts';

export type Life = 'alive' | 'dying' | 'dead';

export interface StatusInfo extends Status {
  readonly since: string;
}

/** A unit agent's status (`juju-status`, juju-semantics.md §5). */
export type AgentStatusName =
  'allocating' | 'executing' | 'idle' | 'error' | 'failed' | 'lost' | 'rebooting';

export interface AgentStatusInfo {
  readonly name: AgentStatusName;
  readonly message: string;
  readonly since: string;
}

export interface CharmRecord {
  readonly id: number;
  readonly name: string;
  readonly revision: number;
  /** `local` for a directory or `.charm` deployed from disk. */
  readonly source: string;
  /** The unpacked charm (with `dispatch`) every unit copies from. */
  readonly dir: string;
  readonly meta: CharmMeta;
}

export interface Application {
  readonly name: string;
  readonly charm: CharmRecord;
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly trust: boolean;
  readonly exposed: boolean;
  readonly leader: string | null;
  readonly life: Life;
  /** Resource files by name (`--resource name=path`). */
  readonly resources: Readonly<Record<string, string>>;
  /** Set only by the leader's `status-set --application`; null means derived from units. */
  readonly status: StatusInfo | null;
}

export interface RelationEndpoint {
  readonly app: string;
  readonly endpoint: string;
  readonly role: 'provider' | 'requirer' | 'peer';
  readonly interface: string;
  readonly scope: 'global' | 'container';
}

export interface Relation {
  readonly id: number;
  readonly life: Life;
  readonly endpoints: readonly RelationEndpoint[];
}

export interface RelationLocalState {
  /** `relation-created` ran; the unit is in the relation's scope. */
  readonly created: boolean;
  /** Remote units this unit has seen joined, with the settings version it was told about. */
  readonly members: Readonly<Record<string, number>>;
  /** Version of the remote app bag this unit was told about. */
  readonly appVersion: number;
  /** A `relation-changed` owed right after a `relation-joined`. */
  readonly changedPending?: string;
  /** `relation-broken` ran. */
  readonly broken?: boolean;
}

/** What a unit agent has already delivered; persisted with the unit. */
export interface UnitLocalState {
  readonly installed: boolean;
  readonly started: boolean;
  readonly stopped: boolean;
  readonly removed: boolean;
  /** Leadership the unit last acted on (`leader-elected` delivered). */
  readonly leader: boolean;
  readonly leaderSettingsSeen: boolean;
  readonly charmRevision: number;
  readonly configHash: string;
  readonly relations: Readonly<Record<string, RelationLocalState>>;
  readonly pebbleReady: Readonly<Record<string, boolean>>;
  /** A failed hook blocks the unit until resolved. */
  readonly hookError?: {
    readonly hook: string;
    readonly relationId?: number;
    readonly remoteUnit?: string;
    /** When the automatic retry is due (ISO time) and how many retries came before. */
    readonly retryAt?: string;
    readonly retries?: number;
  };
  /** Storage ids (`data/0`) whose `storage-attached` ran. */
  readonly storageAttached?: readonly string[];
  /** `<secret id>/<revision>` for which `secret-remove` already ran. */
  readonly secretRemovals?: readonly string[];
  /** `<secret id>/<revision>` → when `secret-expired` is due again (Juju re-fires every 5 min). */
  readonly secretExpiries?: Readonly<Record<string, string>>;
  /** Automatic retries of the hook that last failed; cleared when a hook succeeds. */
  readonly hookRetries?: number;
  /** Scheduled by the update-status timer, run when idle. */
  readonly updateStatusDue?: boolean;
}

export const INITIAL_LOCAL_STATE: UnitLocalState = {
  installed: false,
  started: false,
  stopped: false,
  removed: false,
  leader: false,
  leaderSettingsSeen: false,
  charmRevision: -1,
  configHash: '',
  relations: {},
  pebbleReady: {},
};

export interface Unit {
  readonly name: string;
  readonly app: string;
  readonly life: Life;
  readonly address: string;
  readonly workloadStatus: StatusInfo;
  readonly agentStatus: AgentStatusInfo;
  readonly workloadVersion: string;
  readonly ports: readonly string[];
  readonly local: UnitLocalState;
}

/** A unit's storage instance: a directory on this machine for filesystem storage. */
export interface StorageInstance {
  /** `<name>/<n>`, e.g. `data/0`. */
  readonly id: string;
  readonly name: string;
  readonly kind: 'filesystem' | 'block';
  readonly location: string;
}

export interface Settings {
  readonly data: Readonly<Record<string, string>>;
  readonly version: number;
}

/** Everything the resolver needs to pick the next hook for the units of one model. */
export interface World {
  readonly modelUuid: string;
  readonly modelName: string;
  readonly applications: ReadonlyMap<string, Application>;
  readonly units: ReadonlyMap<string, Unit>;
  readonly relations: ReadonlyMap<number, Relation>;
  /** `<relation id>/<unit or app name>` → settings. */
  readonly settings: ReadonlyMap<string, Settings>;
  /** Queued actions per unit, oldest first. */
  readonly pendingActions?: ReadonlyMap<
    string,
    readonly { id: number; name: string; params: Record<string, unknown> }[]
  >;
  /** Storage instances per unit. */
  readonly storage?: ReadonlyMap<string, readonly StorageInstance[]>;
  /** Undelivered notices and check events per unit, oldest first. */
  readonly workloadEvents?: ReadonlyMap<string, readonly WorkloadEvent[]>;
  /** Secrets of the model, for the secret hooks (§4.5). */
  readonly secrets?: {
    readonly records: readonly SecretRecord[];
    readonly consumers: readonly (SecretConsumer & { readonly secretId: string })[];
    readonly revisions: ReadonlyMap<string, readonly number[]>;
    /** Revisions with an expiry time (ISO), for `secret-expired`. */
    readonly expiring: readonly {
      readonly secretId: string;
      readonly revision: number;
      readonly expire: string;
    }[];
  };
  /** The clock the resolver uses for rotation, in epoch ms. */
  readonly now?: number;
  /** `<unit>/<container>` whose Pebble is up (pebble-ready is owed once per start). */
  readonly pebbleUp?: ReadonlySet<string>;
}

export function settingsKey(relationId: number, owner: string): string {
  return `${relationId}/${owner}`;
}

export function appOf(unit: string): string {
  return unit.slice(0, unit.lastIndexOf('/'));
}
