/**
 * @module One running hook's view of the model: the agent-side {@link Backend} the hook tools
 * (and later the fast path) call. Reads see the model plus this hook's own staged writes;
 * writes are staged and reach the store in one transaction when the hook succeeds, and are
 * dropped when it fails (juju-semantics.md §3). Juju's access rules are enforced here, with
 * Juju's error texts, so a charm can act only as its own unit.
 */
import { hookToolError } from '@charmkit/ops';
import type {
  AppStatusReport,
  Backend,
  CloudSpec,
  DatabagContent,
  DeferredNotice,
  GoalState,
  LogLevel,
  NetworkInfo,
  Port,
  RawConfig,
  RelationRef,
  SecretInfo,
  SecretLookup,
  SecretMetadataInput,
  SecretOwner,
  SettableStatus,
  StatusWithData,
  StorageDetails,
} from '@charmkit/ops';
import type { PebbleClient } from '@charmkit/ops/pebble';
import { effectiveConfig } from '../model/config.ts';
import type { ModelOperations } from '../model/operations.ts';
import type { Relation, StorageInstance, Unit, World } from '../model/types.ts';
import { settingsKey } from '../model/types.ts';
import { membersFor } from './resolver.ts';
import { SecretSession } from './secret-session.ts';

export interface HookSessionOptions {
  readonly ops: ModelOperations;
  readonly world: World;
  readonly unit: Unit;
  readonly pebble?: (container: string) => PebbleClient;
  readonly log: (level: LogLevel, message: string) => void;
  /** The running action; undefined in hooks. */
  readonly action?: {
    readonly params: Record<string, unknown>;
    readonly log: (message: string) => void;
  };
  /** The relation and remote unit of a relation hook. */
  readonly relation?: { readonly endpoint: string; readonly id: number };
  readonly remoteUnit?: string;
  /** The storage instance of a storage hook (`data/0`): the default of `storage-get -s`. */
  readonly storageId?: string;
  /** Hands the unit a resource the application was deployed with; returns the unit's path. */
  readonly resourcePath?: (name: string, source: string) => string;
}

/** What a successful hook leaves behind, applied by {@link HookSession.commit}. */
interface Staged {
  readonly settings: Map<string, Record<string, string>>;
  unitStatus?: SettableStatus;
  appStatus?: SettableStatus;
  workloadVersion?: string;
  ports?: Port[];
  storedState?: Record<string, string>;
  actionResults?: Record<string, string>;
  actionFailure?: string;
}

type Fail = (tool: string, message: string) => never;
const fail: Fail = (tool, message) => {
  throw hookToolError(tool, `ERROR ${message}\n`, 1);
};

export class HookSession implements Backend {
  readonly #o: HookSessionOptions;
  readonly #staged: Staged = { settings: new Map() };
  readonly #secrets: SecretSession;

  constructor(options: HookSessionOptions) {
    this.#o = options;
    const { world, unit } = options;
    this.#secrets = new SecretSession(options.ops.secrets, {
      model: world.modelUuid,
      unit: unit.name,
      app: unit.app,
      isLeader: () => this.isLeader(),
      remoteAppOf: (id) => {
        const rel = world.relations.get(id);
        if (!rel?.endpoints.some((e) => e.app === unit.app)) return undefined;
        return (rel.endpoints.find((e) => e.app !== unit.app) ?? rel.endpoints[0]!).app;
      },
    });
  }

  /** What the hook-tool parser takes from the hook's environment (defaults for `-r` etc.). */
  get hookEnv(): {
    relationId?: string;
    remoteUnit?: string;
    remoteApp?: string;
    storageId?: string;
  } {
    const r = this.#o.relation;
    const remoteApp = r ? this.#remoteAppOfId(r.id) : undefined;
    return {
      ...(r ? { relationId: `${r.endpoint}:${r.id}` } : {}),
      ...(this.#o.storageId ? { storageId: this.#o.storageId } : {}),
      ...(this.#o.remoteUnit ? { remoteUnit: this.#o.remoteUnit } : {}),
      ...(remoteApp ? { remoteApp } : {}),
    };
  }

  #remoteAppOfId(id: number): string | undefined {
    const rel = this.#o.world.relations.get(id);
    return rel ? this.#remoteApp(rel) : undefined;
  }

  /** `JUJU_RELATION_ID` of a relation hook (`db:3`), the default for `-r`. */
  get currentRelation(): string | undefined {
    const r = this.#o.relation;
    return r ? `${r.endpoint}:${r.id}` : undefined;
  }

  get currentEndpoint(): string | undefined {
    return this.#o.relation?.endpoint;
  }

  /** `JUJU_REMOTE_UNIT`, the default unit of `relation-get`. */
  get currentRemoteUnit(): string | undefined {
    return this.#o.remoteUnit;
  }

  get #model(): string {
    return this.#o.world.modelUuid;
  }

  get #app(): string {
    return this.#o.unit.app;
  }

  /** Applies every staged write in one transaction, with the hook's local-state change. */
  commit(): { changedSettings: number } {
    const { ops, unit } = this.#o;
    let changed = 0;
    ops.repo.store.transaction(() => {
      this.#secrets.commit();
      for (const [key, changes] of this.#staged.settings) {
        const [id = '', owner = ''] = key.split('|');
        if (ops.repo.updateSettings(this.#model, Number(id), owner, changes)) changed++;
      }
      const s = this.#staged;
      if (s.unitStatus) ops.repo.setUnitStatus(this.#model, unit.name, 'workload', s.unitStatus);
      if (s.appStatus) ops.setAppStatus(this.#model, this.#app, s.appStatus);
      if (s.workloadVersion !== undefined)
        ops.repo.setUnitFields(this.#model, unit.name, { workloadVersion: s.workloadVersion });
      if (s.ports)
        ops.repo.setUnitFields(this.#model, unit.name, { ports: s.ports.map(formatPort) });
      if (s.storedState)
        ops.repo.setUnitFields(this.#model, unit.name, { storedState: s.storedState });
    });
    return { changedSettings: changed };
  }

  isLeader(): boolean {
    return this.#o.world.applications.get(this.#app)?.leader === this.#o.unit.name;
  }

  configGet(): RawConfig {
    const app = this.#o.world.applications.get(this.#app)!;
    return effectiveConfig(app.charm.meta, app.config);
  }

  #relation(tool: string, ref: RelationRef): Relation {
    const rel = this.#o.world.relations.get(ref.id);
    const own = rel?.endpoints.find((e) => e.app === this.#app);
    if (!rel || !own || (ref.endpoint !== '' && own.endpoint !== ref.endpoint)) {
      const text = ref.endpoint ? `${ref.endpoint}:${ref.id}` : String(ref.id);
      return fail(tool, `invalid value "${text}" for option -r: relation not found`);
    }
    return rel;
  }

  #remoteApp(rel: Relation): string {
    return (rel.endpoints.find((e) => e.app !== this.#app) ?? rel.endpoints[0]!).app;
  }

  relationIds(endpoint: string): number[] {
    return [...this.#o.world.relations.values()]
      .filter(
        (r) =>
          r.life === 'alive' &&
          r.endpoints.some((e) => e.app === this.#app && e.endpoint === endpoint),
      )
      .map((r) => r.id);
  }

  relationList(ref: RelationRef): string[] {
    const rel = this.#relation('relation-list', ref);
    const known = this.#o.unit.local.relations[String(rel.id)]?.members ?? {};
    const members = membersFor(this.#o.world, rel, this.#o.unit);
    return Object.keys(known)
      .filter((u) => members.has(u))
      .sort();
  }

  relationRemoteApp(ref: RelationRef): string | null {
    return this.#remoteApp(this.#relation('relation-list', ref));
  }

  relationGet(ref: RelationRef, owner: string, app: boolean): DatabagContent {
    const rel = this.#relation('relation-get', ref);
    const parties = new Set(rel.endpoints.map((e) => e.app));
    const ownerApp = app ? owner : owner.slice(0, owner.lastIndexOf('/'));
    if (!parties.has(ownerApp)) {
      fail(
        'relation-get',
        app
          ? `application "${owner}" is not part of relation ${ref.endpoint}:${ref.id}`
          : `cannot read settings for unit "${owner}" in relation "${ref.endpoint}:${ref.id}": unit "${owner}": settings not found`,
      );
    }
    const stored = this.#o.world.settings.get(settingsKey(rel.id, owner))?.data ?? {};
    const staged = this.#staged.settings.get(`${rel.id}|${owner}`) ?? {};
    const merged: Record<string, string> = { ...stored };
    for (const [k, v] of Object.entries(staged)) {
      if (v === '') delete merged[k];
      else merged[k] = v;
    }
    return merged;
  }

  relationSet(ref: RelationRef, changes: DatabagContent, app: boolean): void {
    const rel = this.#relation('relation-set', ref);
    if (app && !this.isLeader())
      fail('relation-set', 'cannot write relation settings: this unit is not the leader');
    const owner = app ? this.#app : this.#o.unit.name;
    const key = `${rel.id}|${owner}`;
    this.#staged.settings.set(key, { ...this.#staged.settings.get(key), ...changes });
  }

  relationModelUuid(ref: RelationRef): string {
    this.#relation('relation-model-get', ref);
    return this.#model;
  }

  statusGet(): StatusWithData {
    const status = this.#staged.unitStatus ?? this.#o.unit.workloadStatus;
    return { name: status.name, message: status.message, data: {} };
  }

  appStatusGet(): AppStatusReport {
    if (!this.isLeader())
      fail('status-get', 'finding application status: this unit is not the leader');
    const app = this.#o.world.applications.get(this.#app)!;
    const status = this.#staged.appStatus ?? app.status ?? { name: 'unknown', message: '' };
    const units = [...this.#o.world.units.values()].filter((u) => u.app === this.#app);
    return {
      app: { name: status.name, message: status.message, data: {} },
      units: Object.fromEntries(
        units.map((u) => [
          u.name,
          { name: u.workloadStatus.name, message: u.workloadStatus.message, data: {} },
        ]),
      ),
    };
  }

  statusSet(status: SettableStatus, app: boolean): void {
    const valid = ['active', 'blocked', 'maintenance', 'waiting'];
    if (!valid.includes(status.name))
      fail('status-set', `invalid status "${status.name}", expected one of [${valid.join(' ')}]`);
    if (app) {
      if (!this.isLeader())
        fail('status-set', 'setting application status: this unit is not the leader');
      this.#staged.appStatus = status;
    } else this.#staged.unitStatus = status;
  }

  applicationVersionSet(version: string): void {
    this.#staged.workloadVersion = version;
  }

  jujuLog(level: LogLevel, message: string): void {
    this.#o.log(level, message);
  }

  networkGet(binding: string, _relationId?: number): NetworkInfo {
    const meta = this.#o.world.applications.get(this.#app)!.charm.meta;
    const bindings = new Set([
      'juju-info',
      ...Object.keys(meta.requires),
      ...Object.keys(meta.provides),
      ...Object.keys(meta.peers),
      ...Object.keys(meta.extraBindings ?? {}),
    ]);
    if (!bindings.has(binding))
      fail('network-get', `no network config found for binding "${binding}"`);
    const address = this.#o.unit.address;
    return {
      bindAddresses: [
        {
          interfaceName: 'lo',
          addresses: [{ value: address, hostname: '', cidr: `${address}/32` }],
        },
      ],
      ingressAddresses: [address],
      egressSubnets: [`${address}/32`],
    };
  }

  #ports(): Port[] {
    return this.#staged.ports ?? this.#o.unit.ports.map(parsePortText);
  }

  openPort(port: Port, _endpoints?: readonly string[]): void {
    const ports = this.#ports();
    if (!ports.some((p) => formatPort(p) === formatPort(port)))
      this.#staged.ports = [...ports, port];
  }

  closePort(port: Port, _endpoints?: readonly string[]): void {
    this.#staged.ports = this.#ports().filter((p) => formatPort(p) !== formatPort(port));
  }

  openedPorts(): Port[] {
    return this.#ports();
  }

  #storage(): readonly StorageInstance[] {
    return this.#o.world.storage?.get(this.#o.unit.name) ?? [];
  }

  storageList(name?: string): string[] {
    return this.#storage()
      .filter((s) => name === undefined || s.name === name)
      .map((s) => s.id);
  }

  storageGet(storageId: string): StorageDetails {
    const found = this.#storage().find((s) => s.id === storageId);
    if (!found)
      fail('storage-get', `invalid value "${storageId}" for option -s: storage not found`);
    return { kind: found.kind, location: found.location };
  }

  storageAdd(_counts: Readonly<Record<string, number>>): void {
    fail(
      'storage-add',
      'adding storage to a running unit is not supported by this Charmkit controller yet',
    );
  }

  resourceGet(name: string): string {
    const app = this.#o.world.applications.get(this.#app)!;
    const path = app.resources[name];
    if (path === undefined)
      fail('resource-get', `could not download resource: resource "${name}" not found`);
    return this.#o.resourcePath?.(name, path) ?? path;
  }

  #action(tool: string): NonNullable<HookSessionOptions['action']> {
    return this.#o.action ?? fail(tool, 'not running an action');
  }

  /** What the action reported: flat results and the failure message, if any. */
  get actionOutcome(): { results: Record<string, string>; failure?: string } {
    const s = this.#staged;
    return {
      results: { ...s.actionResults },
      ...(s.actionFailure === undefined ? {} : { failure: s.actionFailure }),
    };
  }

  actionGet(): Record<string, unknown> {
    return structuredClone(this.#action('action-get').params);
  }

  actionSet(results: Readonly<Record<string, string>>): void {
    this.#action('action-set');
    const reserved = Object.keys(results).find((k) =>
      ['stdout', 'stderr', 'stdout-encoding', 'stderr-encoding', 'return-code'].includes(k),
    );
    if (reserved) fail('action-set', `cannot set reserved action key "${reserved}"`);
    const bad = Object.keys(results).find((k) => !/^[a-z0-9](?:[a-z0-9-.]*[a-z0-9])?$/.test(k));
    if (bad)
      fail(
        'action-set',
        `key "${bad}" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`,
      );
    this.#staged.actionResults = { ...this.#staged.actionResults, ...results };
  }

  actionLog(message: string): void {
    this.#action('action-log').log(message);
  }

  actionFail(message: string): void {
    this.#action('action-fail');
    this.#staged.actionFailure = message;
  }

  secretAdd(
    content: DatabagContent,
    options: SecretMetadataInput & { readonly owner: SecretOwner },
  ): string {
    return this.#secrets.add(content, options);
  }

  secretGet(
    lookup: SecretLookup,
    options?: { readonly refresh?: boolean; readonly peek?: boolean },
  ): DatabagContent {
    return this.#secrets.get(lookup, options);
  }

  secretInfoGet(lookup: SecretLookup): SecretInfo {
    return this.#secrets.info(lookup);
  }

  secretSet(id: string, update: SecretMetadataInput & { readonly content?: DatabagContent }): void {
    this.#secrets.set(id, update);
  }

  secretGrant(id: string, relationId: number, unit?: string): void {
    this.#secrets.grant(id, relationId, unit);
  }

  secretRevoke(id: string, relationId: number, unit?: string): void {
    this.#secrets.revoke(id, relationId, unit);
  }

  secretRemove(id: string, revision?: number): void {
    this.#secrets.remove(id, revision);
  }

  secretIds(): string[] {
    return this.#secrets.ids();
  }

  stateGet(): Record<string, string> {
    return {
      ...(this.#staged.storedState ??
        this.#o.ops.repo.unitStoredState(this.#model, this.#o.unit.name)),
    };
  }

  stateSet(values: Readonly<Record<string, string>>): void {
    this.#staged.storedState = { ...this.stateGet(), ...values };
  }

  stateDelete(key: string): void {
    const next = this.stateGet();
    delete next[key];
    this.#staged.storedState = next;
  }

  credentialGet(): CloudSpec {
    const app = this.#o.world.applications.get(this.#app)!;
    if (!app.trust) fail('credential-get', `charm is not trusted: run "juju trust ${this.#app}"`);
    return {
      type: 'charmkit',
      name: 'localhost',
      caCertificates: [],
      skipTlsVerify: false,
      isControllerCloud: true,
    };
  }

  goalState(): GoalState {
    const units = [...this.#o.world.units.values()].filter((u) => u.app === this.#app);
    return {
      units: Object.fromEntries(
        units.map((u) => [
          u.name,
          { status: u.life === 'alive' ? 'active' : 'dying', since: u.workloadStatus.since },
        ]),
      ),
      relations: {},
    };
  }

  loadDeferred(): DeferredNotice[] {
    return [];
  }

  saveDeferred(): void {
    // Deferred events live in the charm directory (the SDK's hook-tool backend handles them).
  }

  pebble(container: string): PebbleClient {
    if (!this.#o.pebble) fail('pebble', `container "${container}" has no Pebble`);
    return this.#o.pebble(container);
  }
}

function formatPort(port: Port): string {
  if (port.protocol === 'icmp') return 'icmp';
  return `${port.port}${port.toPort === undefined ? '' : `-${port.toPort}`}/${port.protocol}`;
}

function parsePortText(text: string): Port {
  if (text === 'icmp') return { protocol: 'icmp' };
  const [range = '', protocol = 'tcp'] = text.split('/');
  const [from, to] = range.split('-').map(Number);
  return {
    protocol: protocol as 'tcp' | 'udp',
    port: from!,
    ...(to === undefined ? {} : { toPort: to }),
  };
}
