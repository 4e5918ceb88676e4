/**
 * @module The pieces of a {@link State} and their factories: relations (regular, peer,
 * subordinate), containers with a virtual filesystem, secrets, storage and networks
 * (ops-protocol.md §7.2). Every piece is frozen plain data.
 */
import type { SecretRotatePolicy } from '@charmkit/ops';
import type { CheckInfo, LayerSpec, ServiceStatus } from '@charmkit/ops/pebble';

export type Bag = Readonly<Record<string, string>>;

/** The bag Juju gives every unit: its addresses. */
export const DEFAULT_UNIT_BAG: Bag = Object.freeze({
  'egress-subnets': '192.0.2.0/24',
  'ingress-address': '192.0.2.0',
  'private-address': '192.0.2.0',
});

export type RelationKind = 'regular' | 'peer' | 'subordinate';

export interface RelationState {
  readonly kind: RelationKind;
  readonly id: number;
  readonly endpoint: string;
  /** Defaults to the interface in metadata. */
  readonly interface?: string;
  /** The other side's app; for peers, this app (filled in by the Context). */
  readonly remoteAppName: string;
  readonly localAppData: Bag;
  readonly localUnitData: Bag;
  readonly remoteAppData: Bag;
  /** Remote units (peers: the other units of this app) by unit number. */
  readonly remoteUnitsData: Readonly<Record<number, Bag>>;
  readonly remoteModelUuid?: string;
}

let nextId = 1;
/** A fresh relation id; ids are unique across a test process, as in Scenario. */
export function nextRelationId(): number {
  return nextId++;
}

export interface RelationOptions {
  readonly id?: number;
  readonly interface?: string;
  readonly remoteAppName?: string;
  readonly localAppData?: Bag;
  readonly localUnitData?: Bag;
  readonly remoteAppData?: Bag;
  readonly remoteUnitsData?: Readonly<Record<number, Bag>>;
  readonly remoteModelUuid?: string;
}

/** A requires/provides relation; by default one remote unit `remote/0`. */
export function relation(endpoint: string, options: RelationOptions = {}): RelationState {
  return Object.freeze({
    kind: 'regular',
    id: options.id ?? nextRelationId(),
    endpoint,
    ...(options.interface === undefined ? {} : { interface: options.interface }),
    remoteAppName: options.remoteAppName ?? 'remote',
    localAppData: { ...options.localAppData },
    localUnitData: { ...DEFAULT_UNIT_BAG, ...options.localUnitData },
    remoteAppData: { ...options.remoteAppData },
    remoteUnitsData: options.remoteUnitsData ?? { 0: { ...DEFAULT_UNIT_BAG } },
    ...(options.remoteModelUuid === undefined ? {} : { remoteModelUuid: options.remoteModelUuid }),
  });
}

/** A peer relation; `peersData` holds the *other* units of this app (never the unit under test). */
export function peerRelation(
  endpoint: string,
  options: Omit<RelationOptions, 'remoteAppName' | 'remoteAppData' | 'remoteUnitsData'> & {
    readonly peersData?: Readonly<Record<number, Bag>>;
  } = {},
): RelationState {
  return Object.freeze({
    ...relation(endpoint, { ...options, remoteUnitsData: options.peersData ?? {} }),
    kind: 'peer',
    remoteAppName: '',
  });
}

/** A container-scoped relation of a subordinate: exactly one remote (principal) unit. */
export function subordinateRelation(
  endpoint: string,
  options: Omit<RelationOptions, 'remoteUnitsData'> & {
    readonly remoteUnitId?: number;
    readonly remoteUnitData?: Bag;
  } = {},
): RelationState {
  const unitData = { ...DEFAULT_UNIT_BAG, ...options.remoteUnitData };
  return Object.freeze({
    ...relation(endpoint, {
      ...options,
      remoteUnitsData: { [options.remoteUnitId ?? 0]: unitData },
    }),
    kind: 'subordinate',
  });
}

/** A file in a container's virtual filesystem. */
export interface VirtualFile {
  readonly content: Uint8Array;
  readonly permissions: number;
  readonly user?: string;
  readonly group?: string;
}

/** A canned answer for `exec`: the longest matching command prefix wins. */
export interface ExecResponse {
  readonly command: readonly string[];
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface NoticeState {
  readonly id: string;
  readonly type: string;
  readonly key: string;
  readonly occurrences: number;
  readonly lastData: Bag;
  readonly firstOccurred: Date;
  readonly lastOccurred: Date;
}

export interface ContainerState {
  readonly name: string;
  readonly canConnect: boolean;
  /** Layers by label, in the order they were added. */
  readonly layers: Readonly<Record<string, LayerSpec>>;
  readonly serviceStatuses: Readonly<Record<string, ServiceStatus>>;
  readonly files: Readonly<Record<string, VirtualFile>>;
  readonly directories: readonly string[];
  readonly execs: readonly ExecResponse[];
  readonly notices: readonly NoticeState[];
  /** Check states by name; checks in the plan without an entry are `up`. */
  readonly checks: Readonly<Record<string, Partial<CheckInfo>>>;
}

export interface ContainerOptions {
  readonly canConnect?: boolean;
  readonly layers?: Readonly<Record<string, LayerSpec>>;
  readonly serviceStatuses?: Readonly<Record<string, ServiceStatus>>;
  /** Files by absolute path; text or bytes (permissions 0644). Parents are created. */
  readonly files?: Readonly<Record<string, string | Uint8Array | VirtualFile>>;
  readonly execs?: readonly ExecResponse[];
  readonly notices?: readonly (Partial<NoticeState> & { readonly key: string })[];
  readonly checks?: Readonly<Record<string, Partial<CheckInfo>>>;
}

/** A workload container; `canConnect` defaults to true (Pebble is up). */
export function container(name: string, options: ContainerOptions = {}): ContainerState {
  const files: Record<string, VirtualFile> = {};
  for (const [path, value] of Object.entries(options.files ?? {})) {
    files[path] =
      typeof value === 'string' || value instanceof Uint8Array
        ? { content: Buffer.from(value), permissions: 0o644 }
        : value;
  }
  const directories = new Set<string>(['/']);
  for (const path of Object.keys(files)) {
    for (let dir = parentOf(path); dir !== '/'; dir = parentOf(dir)) directories.add(dir);
  }
  const epoch = new Date(0);
  return Object.freeze({
    name,
    canConnect: options.canConnect ?? true,
    layers: { ...options.layers },
    serviceStatuses: { ...options.serviceStatuses },
    files,
    directories: [...directories].sort(),
    execs: [...(options.execs ?? [])],
    notices: (options.notices ?? []).map((n, i) => ({
      id: n.id ?? String(i + 1),
      type: n.type ?? 'custom',
      key: n.key,
      occurrences: n.occurrences ?? 1,
      lastData: n.lastData ?? {},
      firstOccurred: n.firstOccurred ?? epoch,
      lastOccurred: n.lastOccurred ?? epoch,
    })),
    checks: { ...options.checks },
  });
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export type SecretOwnerKind = 'app' | 'unit';

export interface SecretState {
  /** `secret:<20 chars>`. */
  readonly id: string;
  /** Undefined when this unit is a consumer the secret was granted to. */
  readonly owner?: SecretOwnerKind;
  /** Content by revision number. */
  readonly revisions: Readonly<Record<number, Bag>>;
  /** The revision a consumer tracks (owners always see the latest). */
  readonly trackedRevision: number;
  readonly label?: string;
  readonly description?: string;
  readonly expire?: Date;
  readonly rotate?: SecretRotatePolicy;
  /** Grants by relation id: the apps or units granted. */
  readonly remoteGrants: Readonly<Record<number, readonly string[]>>;
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';
/** A fresh secret id in Juju's shape (`secret:` + 20 base32hex characters). */
export function newSecretId(): string {
  let id = '';
  for (let i = 0; i < 20; i++) id += ID_ALPHABET[Math.floor(Math.random() * 32)];
  return `secret:${id}`;
}

export interface SecretOptions {
  readonly id?: string;
  readonly owner?: SecretOwnerKind;
  /** Content of a newer revision the consumer does not track yet. */
  readonly latestContent?: Bag;
  readonly label?: string;
  readonly description?: string;
  readonly expire?: Date;
  readonly rotate?: SecretRotatePolicy;
  readonly remoteGrants?: Readonly<Record<number, readonly string[]>>;
}

/** A secret with its current (tracked) content. */
export function secret(content: Bag, options: SecretOptions = {}): SecretState {
  const revisions: Record<number, Bag> = { 1: { ...content } };
  if (options.latestContent) revisions[2] = { ...options.latestContent };
  return Object.freeze({
    id: options.id ?? newSecretId(),
    ...(options.owner ? { owner: options.owner } : {}),
    revisions,
    trackedRevision: 1,
    ...(options.label === undefined ? {} : { label: options.label }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.expire === undefined ? {} : { expire: options.expire }),
    ...(options.rotate === undefined ? {} : { rotate: options.rotate }),
    remoteGrants: { ...options.remoteGrants },
  });
}

export interface StorageState {
  readonly name: string;
  readonly index: number;
  readonly location: string;
}

export function storage(
  name: string,
  options: { index?: number; location?: string } = {},
): StorageState {
  const index = options.index ?? 0;
  return Object.freeze({
    name,
    index,
    location: options.location ?? `/var/lib/juju/storage/${name}/${index}`,
  });
}

export interface NetworkState {
  readonly binding: string;
  readonly address: string;
  readonly ingressAddresses: readonly string[];
  readonly egressSubnets: readonly string[];
  readonly interfaceName: string;
}

/** A binding's network; unlisted bindings get `192.0.2.0` like Scenario. */
export function network(
  binding: string,
  options: Partial<Omit<NetworkState, 'binding'>> = {},
): NetworkState {
  const address = options.address ?? '192.0.2.0';
  return Object.freeze({
    binding,
    address,
    ingressAddresses: options.ingressAddresses ?? [address],
    egressSubnets: options.egressSubnets ?? [`${address}/24`],
    interfaceName: options.interfaceName ?? 'eth0',
  });
}
