/**
 * @module The seam between the SDK's model and whatever runs the charm. One method per
 * Juju hook tool (ops-protocol.md §2.3), synchronous like the tools themselves, with
 * camelCase data in and out: each implementation converts to its wire format once.
 *
 * Implementations: {@link HookToolBackend} (real Juju: executables on PATH), the in-memory
 * backend of `@charmkit/testing`, and the Charmkit agent's fast path (controller issue).
 * Access rules that ops checks client-side live in the model, not here; a backend enforces
 * what Juju's controller enforces and reports violations as {@link ModelError}s.
 */
import type { PebbleClient } from '../pebble/client.ts';
import type { SettableStatus, Status } from '../status.ts';

/** A relation as hook tools address it (`-r <endpoint>:<id>`). */
export interface RelationRef {
  readonly endpoint: string;
  readonly id: number;
}

/** A databag: string keys to string values. */
export type DatabagContent = Readonly<Record<string, string>>;

/** Config values as `config-get` reports them; secret options are `secret:` URIs. */
export type RawConfig = Readonly<Record<string, string | number | boolean>>;

export interface StatusWithData extends Status {
  readonly data: Readonly<Record<string, unknown>>;
}

/** `status-get --application=true`. */
export interface AppStatusReport {
  readonly app: StatusWithData;
  readonly units: Readonly<Record<string, StatusWithData>>;
}

export type PortProtocol = 'tcp' | 'udp' | 'icmp';

/** An opened port or range. `port` is absent for ICMP. */
export interface Port {
  readonly protocol: PortProtocol;
  readonly port?: number;
  /** Last port of a range; absent for a single port. */
  readonly toPort?: number;
}

export interface NetworkAddress {
  readonly value: string;
  readonly hostname: string;
  readonly cidr: string;
}

export interface BindAddress {
  readonly interfaceName: string;
  readonly macAddress?: string;
  readonly addresses: readonly NetworkAddress[];
}

/** `network-get <binding>`. */
export interface NetworkInfo {
  readonly bindAddresses: readonly BindAddress[];
  readonly ingressAddresses: readonly string[];
  readonly egressSubnets: readonly string[];
}

/** `storage-get -s <name>/<index>`. */
export interface StorageDetails {
  readonly kind: 'filesystem' | 'block';
  readonly location: string;
}

export type SecretRotatePolicy =
  'never' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
export type SecretOwner = 'application' | 'unit';

export interface SecretMetadataInput {
  readonly label?: string;
  readonly description?: string;
  readonly expire?: Date;
  readonly rotate?: SecretRotatePolicy;
}

/** How to find a secret: by URI, by label, or both (which sets the label). */
export interface SecretLookup {
  readonly id?: string;
  readonly label?: string;
}

/** `secret-info-get` (owners only). `id` is the bare 20-character id. */
export interface SecretInfo {
  readonly id: string;
  readonly label: string;
  readonly revision: number;
  readonly owner: SecretOwner;
  readonly description?: string;
  readonly expiry?: Date;
  readonly rotation?: SecretRotatePolicy;
  readonly rotates?: Date;
}

/** `credential-get` (needs trust). */
export interface CloudSpec {
  readonly type: string;
  readonly name: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly identityEndpoint?: string;
  readonly storageEndpoint?: string;
  readonly credential?: {
    readonly authType: string;
    readonly attrs: Readonly<Record<string, string>>;
    readonly redacted: readonly string[];
  };
  readonly caCertificates: readonly string[];
  readonly skipTlsVerify: boolean;
  readonly isControllerCloud: boolean;
}

export interface GoalStateEntry {
  readonly status: string;
  readonly since: string;
}

/** `goal-state`. */
export interface GoalState {
  readonly units: Readonly<Record<string, GoalStateEntry>>;
  readonly relations: Readonly<Record<string, Readonly<Record<string, GoalStateEntry>>>>;
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** One deferred event, kept until a later dispatch handles it (ops-protocol.md §4.2). */
export interface DeferredNotice {
  /** Stable handle of the event, e.g. `HelloWeb/on/config-changed[6]`. */
  readonly handle: string;
  /** Identifies the observer that deferred it. */
  readonly observer: string;
  /** The dispatch context needed to rebuild the event. */
  readonly snapshot: Readonly<Record<string, string | number>>;
}

/**
 * Everything a charm can ask of Juju. Reads see this hook's own staged writes; writes take
 * effect for others only when the hook ends successfully.
 */
export interface Backend {
  isLeader(): boolean;
  configGet(): RawConfig;

  relationIds(endpoint: string): number[];
  /** Remote units in the relation (peers: other units). */
  relationList(relation: RelationRef): string[];
  /** The remote app, or null when Juju no longer knows the relation. */
  relationRemoteApp(relation: RelationRef): string | null;
  /** One bag: `owner` is a unit name or, with `app`, an application name. */
  relationGet(relation: RelationRef, owner: string, app: boolean): DatabagContent;
  /** Merges `changes` into this unit's bag (or the app's); `''` deletes a key. */
  relationSet(relation: RelationRef, changes: DatabagContent, app: boolean): void;
  relationModelUuid(relation: RelationRef): string;

  statusGet(): StatusWithData;
  appStatusGet(): AppStatusReport;
  statusSet(status: SettableStatus, app: boolean): void;
  applicationVersionSet(version: string): void;
  jujuLog(level: LogLevel, message: string): void;

  networkGet(binding: string, relationId?: number): NetworkInfo;
  openPort(port: Port, endpoints?: readonly string[]): void;
  closePort(port: Port, endpoints?: readonly string[]): void;
  openedPorts(): Port[];

  storageList(name?: string): string[];
  storageGet(storageId: string): StorageDetails;
  storageAdd(counts: Readonly<Record<string, number>>): void;
  resourceGet(name: string): string;

  actionGet(): Record<string, unknown>;
  /** Results already flattened to dotted keys (`out.a=1`). */
  actionSet(results: Readonly<Record<string, string>>): void;
  actionLog(message: string): void;
  actionFail(message: string): void;

  /** Returns the new secret's URI (`secret:<id>`). */
  secretAdd(
    content: DatabagContent,
    options: SecretMetadataInput & { readonly owner: SecretOwner },
  ): string;
  secretGet(
    lookup: SecretLookup,
    options?: { readonly refresh?: boolean; readonly peek?: boolean },
  ): DatabagContent;
  secretInfoGet(lookup: SecretLookup): SecretInfo;
  secretSet(id: string, update: SecretMetadataInput & { readonly content?: DatabagContent }): void;
  secretGrant(id: string, relationId: number, unit?: string): void;
  secretRevoke(id: string, relationId: number, unit?: string): void;
  /** Removes one revision, or every revision when `revision` is absent. */
  secretRemove(id: string, revision?: number): void;
  secretIds(): string[];

  /** Controller-side charm state (`state-get`). */
  stateGet(): Record<string, string>;
  stateSet(values: Readonly<Record<string, string>>): void;
  stateDelete(key: string): void;

  credentialGet(): CloudSpec;
  goalState(): GoalState;

  /** Deferred events survive between dispatches; the backend decides where. */
  loadDeferred(): DeferredNotice[];
  saveDeferred(notices: readonly DeferredNotice[]): void;

  /** A Pebble client for one of this unit's containers. */
  pebble(container: string): PebbleClient;
}
