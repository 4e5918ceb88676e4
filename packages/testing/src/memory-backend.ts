/**
 * @module The in-memory {@link Backend}: Juju's side of every hook tool, over a mutable copy
 * of the test {@link State}. It enforces what Juju's controller enforces and fails with the
 * same stderr Juju prints, mapped by the same function the real backend uses, so a charm
 * sees identical errors in tests and in production.
 */
import { hookToolError } from '@charmkit/ops';
import type {
  AppStatusReport,
  Backend,
  CharmMeta,
  CloudSpec,
  DatabagContent,
  DeferredNotice,
  GoalState,
  LogLevel,
  NetworkInfo,
  Port,
  RawConfig,
  RelationRef,
  SettableStatus,
  Status,
  StatusWithData,
  StorageDetails,
} from '@charmkit/ops';
import type { PebbleClient } from '@charmkit/ops/pebble';
import { container } from './components.ts';
import type { RelationState } from './components.ts';
import type { ExecRecord, SignalRecord } from './memory-pebble.ts';
import { MemoryPebble } from './memory-pebble.ts';
import { SecretStore } from './secret-store.ts';
import type { State, StateData } from './state.ts';

/** What a run records besides the output state (see `Context`). */
export interface RunRecords {
  readonly jujuLog: { level: LogLevel; message: string }[];
  readonly unitStatusHistory: Status[];
  readonly appStatusHistory: Status[];
  readonly workloadVersionHistory: string[];
  readonly actionLogs: string[];
  readonly actionResults: Record<string, string>;
  readonly execHistory: Record<string, ExecRecord[]>;
  readonly signalHistory: Record<string, SignalRecord[]>;
  readonly removedSecretRevisions: { id: string; revision: number }[];
  readonly requestedStorages: Record<string, number>;
  actionFailure: string | undefined;
}

export interface MemoryBackendOptions {
  readonly state: State;
  readonly meta: CharmMeta;
  readonly appName: string;
  readonly unitName: string;
  readonly records: RunRecords;
  /** Params for an action dispatch (already validated); undefined for hooks. */
  readonly actionParams?: Record<string, unknown>;
  /** A real Pebble per container instead of the in-memory one. */
  readonly pebble?: (container: string) => PebbleClient;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class MemoryBackend implements Backend {
  readonly #opts: MemoryBackendOptions;
  readonly #s: Mutable<StateData>;
  readonly #relations: Map<number, Mutable<RelationState>>;
  readonly #pebbles = new Map<string, MemoryPebble>();
  readonly secrets: SecretStore;

  constructor(options: MemoryBackendOptions) {
    this.#opts = options;
    this.#s = { ...options.state };
    this.#relations = new Map(
      options.state.relations.map((r) => [
        r.id,
        { ...r, localAppData: { ...r.localAppData }, localUnitData: { ...r.localUnitData } },
      ]),
    );
    this.secrets = new SecretStore(options.state.secrets, {
      appName: options.appName,
      unitName: options.unitName,
      isLeader: () => this.#s.leader,
      modelUuid: options.state.model.uuid,
      removed: options.records.removedSecretRevisions,
    });
  }

  /** The state after the run. */
  output(): Partial<StateData> {
    return {
      ...this.#s,
      relations: this.#s.relations.map((r) => Object.freeze({ ...this.#relations.get(r.id)! })),
      containers: this.#s.containers.map((c) => this.#pebbles.get(c.name)?.snapshot() ?? c),
      secrets: this.secrets.snapshot(),
    };
  }

  #fail(tool: string, stderr: string): never {
    throw hookToolError(tool, `ERROR ${stderr}\n`, 1);
  }

  isLeader(): boolean {
    return this.#s.leader;
  }

  configGet(): RawConfig {
    const config: Record<string, string | number | boolean> = {};
    for (const [key, option] of Object.entries(this.#opts.meta.config)) {
      if (option.default !== undefined && option.default !== '') config[key] = option.default;
    }
    return { ...config, ...this.#s.config };
  }

  #relation(tool: string, ref: RelationRef): Mutable<RelationState> {
    const rel = this.#relations.get(ref.id);
    if (!rel || rel.endpoint !== ref.endpoint) {
      this.#fail(
        tool,
        `invalid value "${ref.endpoint}:${ref.id}" for option -r: relation not found`,
      );
    }
    return rel;
  }

  #remoteApp(rel: RelationState): string {
    return rel.kind === 'peer' ? this.#opts.appName : rel.remoteAppName;
  }

  relationIds(endpoint: string): number[] {
    return this.#s.relations.filter((r) => r.endpoint === endpoint).map((r) => r.id);
  }

  relationList(ref: RelationRef): string[] {
    const rel = this.#relation('relation-list', ref);
    const app = this.#remoteApp(rel);
    return Object.keys(rel.remoteUnitsData).map((n) => `${app}/${n}`);
  }

  relationRemoteApp(ref: RelationRef): string | null {
    return this.#remoteApp(this.#relation('relation-list', ref));
  }

  relationGet(ref: RelationRef, owner: string, app: boolean): DatabagContent {
    const rel = this.#relation('relation-get', ref);
    const { appName, unitName } = this.#opts;
    if (app) {
      if (owner === appName) {
        if (rel.kind !== 'peer' && !this.#s.leader) this.#fail('relation-get', 'permission denied');
        return { ...rel.localAppData };
      }
      if (owner === this.#remoteApp(rel)) return { ...rel.remoteAppData };
      this.#fail(
        'relation-get',
        `application "${owner}" is not part of relation ${ref.endpoint}:${ref.id}`,
      );
    }
    if (owner === unitName) return { ...rel.localUnitData };
    const [ownerApp, n] = owner.split('/');
    const data = ownerApp === this.#remoteApp(rel) ? rel.remoteUnitsData[Number(n)] : undefined;
    if (!data) {
      this.#fail(
        'relation-get',
        `cannot read settings for unit "${owner}" in relation "${ref.endpoint}:${ref.id}": unit "${owner}": settings not found`,
      );
    }
    return { ...data };
  }

  relationSet(ref: RelationRef, changes: DatabagContent, app: boolean): void {
    const rel = this.#relation('relation-set', ref);
    if (app && !this.#s.leader)
      this.#fail('relation-set', 'cannot write relation settings: this unit is not the leader');
    const bag = app ? rel.localAppData : rel.localUnitData;
    const next: Record<string, string> = { ...bag };
    for (const [key, value] of Object.entries(changes)) {
      if (value === '') delete next[key];
      else next[key] = value;
    }
    if (app) rel.localAppData = next;
    else rel.localUnitData = next;
  }

  relationModelUuid(ref: RelationRef): string {
    return this.#relation('relation-model-get', ref).remoteModelUuid ?? this.#s.model.uuid;
  }

  statusGet(): StatusWithData {
    return { ...this.#s.unitStatus, data: {} };
  }

  appStatusGet(): AppStatusReport {
    if (!this.#s.leader)
      this.#fail('status-get', 'finding application status: this unit is not the leader');
    return {
      app: { ...this.#s.appStatus, data: {} },
      units: { [this.#opts.unitName]: this.statusGet() },
    };
  }

  statusSet(status: SettableStatus, app: boolean): void {
    const names = ['active', 'blocked', 'maintenance', 'waiting'];
    if (!names.includes(status.name)) {
      this.#fail(
        'status-set',
        `invalid status "${status.name}", expected one of [${names.join(' ')}]`,
      );
    }
    const next = { name: status.name, message: status.message };
    if (app) {
      if (!this.#s.leader)
        this.#fail('status-set', 'setting application status: this unit is not the leader');
      this.#opts.records.appStatusHistory.push(this.#s.appStatus);
      this.#s.appStatus = next;
    } else {
      this.#opts.records.unitStatusHistory.push(this.#s.unitStatus);
      this.#s.unitStatus = next;
    }
  }

  applicationVersionSet(version: string): void {
    this.#opts.records.workloadVersionHistory.push(this.#s.workloadVersion);
    this.#s.workloadVersion = version;
  }

  jujuLog(level: LogLevel, message: string): void {
    this.#opts.records.jujuLog.push({ level, message });
  }

  networkGet(binding: string): NetworkInfo {
    const known =
      binding === 'juju-info' ||
      Object.keys({
        ...this.#opts.meta.requires,
        ...this.#opts.meta.provides,
        ...this.#opts.meta.peers,
        ...this.#opts.meta.extraBindings,
      }).includes(binding);
    const net = this.#s.networks.find((n) => n.binding === binding);
    if (!known && !net)
      this.#fail('network-get', `no network config found for binding "${binding}"`);
    const address = net?.address ?? '192.0.2.0';
    return {
      bindAddresses: [
        {
          interfaceName: net?.interfaceName ?? 'eth0',
          addresses: [{ value: address, hostname: '', cidr: `${address}/24` }],
        },
      ],
      ingressAddresses: [...(net?.ingressAddresses ?? [address])],
      egressSubnets: [...(net?.egressSubnets ?? [`${address}/24`])],
    };
  }

  openPort(port: Port): void {
    if (!this.#s.openedPorts.some((p) => samePort(p, port)))
      this.#s.openedPorts = [...this.#s.openedPorts, port];
  }

  closePort(port: Port): void {
    this.#s.openedPorts = this.#s.openedPorts.filter((p) => !samePort(p, port));
  }

  openedPorts(): Port[] {
    return [...this.#s.openedPorts];
  }

  storageList(name?: string): string[] {
    return this.#s.storages
      .filter((s) => name === undefined || s.name === name)
      .map((s) => `${s.name}/${s.index}`);
  }

  storageGet(storageId: string): StorageDetails {
    const found = this.#s.storages.find((s) => `${s.name}/${s.index}` === storageId);
    if (!found)
      this.#fail('storage-get', `invalid value "${storageId}" for option -s: storage not found`);
    return {
      kind: this.#opts.meta.storage[found.name]?.type ?? 'filesystem',
      location: found.location,
    };
  }

  storageAdd(counts: Readonly<Record<string, number>>): void {
    for (const [name, count] of Object.entries(counts)) {
      if (!(name in this.#opts.meta.storage))
        this.#fail('storage-add', `storage "${name}" not found`);
      const requested = this.#opts.records.requestedStorages;
      requested[name] = (requested[name] ?? 0) + count;
    }
  }

  resourceGet(name: string): string {
    const path = this.#s.resources[name];
    if (path === undefined)
      this.#fail('resource-get', `could not download resource: resource "${name}" not found`);
    return path;
  }

  #requireAction(tool: string): Record<string, unknown> {
    const params = this.#opts.actionParams;
    if (!params) this.#fail(tool, 'not running an action');
    return params;
  }

  actionGet(): Record<string, unknown> {
    return structuredClone(this.#requireAction('action-get'));
  }

  actionSet(results: Readonly<Record<string, string>>): void {
    this.#requireAction('action-set');
    Object.assign(this.#opts.records.actionResults, results);
  }

  actionLog(message: string): void {
    this.#requireAction('action-log');
    this.#opts.records.actionLogs.push(message);
  }

  actionFail(message: string): void {
    this.#requireAction('action-fail');
    this.#opts.records.actionFailure = message;
  }

  secretAdd: Backend['secretAdd'] = (content, options) => this.secrets.add(content, options);
  secretGet: Backend['secretGet'] = (lookup, options) => this.secrets.get(lookup, options);
  secretInfoGet: Backend['secretInfoGet'] = (lookup) => this.secrets.info(lookup);
  secretSet: Backend['secretSet'] = (id, update) => this.secrets.set(id, update);
  secretGrant: Backend['secretGrant'] = (id, relationId, unit) => {
    this.#relation('secret-grant', {
      endpoint: this.#relations.get(relationId)?.endpoint ?? '',
      id: relationId,
    });
    this.secrets.grant(id, relationId, unit ?? this.#remoteApp(this.#relations.get(relationId)!));
  };
  secretRevoke: Backend['secretRevoke'] = (id, relationId, unit) => {
    this.secrets.revoke(id, relationId, unit);
  };
  secretRemove: Backend['secretRemove'] = (id, revision) => this.secrets.remove(id, revision);
  secretIds: Backend['secretIds'] = () => this.secrets.ids();

  stateGet(): Record<string, string> {
    return { ...this.#s.storedState };
  }

  stateSet(values: Readonly<Record<string, string>>): void {
    this.#s.storedState = { ...this.#s.storedState, ...values };
  }

  stateDelete(key: string): void {
    const next = { ...this.#s.storedState };
    delete next[key];
    this.#s.storedState = next;
  }

  credentialGet(): CloudSpec {
    if (!this.#s.trusted)
      this.#fail('credential-get', `charm is not trusted: run "juju trust ${this.#opts.appName}"`);
    return {
      type: 'kubernetes',
      name: 'charmkit-test',
      caCertificates: [],
      skipTlsVerify: false,
      isControllerCloud: true,
    };
  }

  goalState(): GoalState {
    const units: Record<string, { status: string; since: string }> = {};
    for (let i = 0; i < this.#s.plannedUnits; i++) {
      units[`${this.#opts.appName}/${i}`] = { status: 'active', since: '2026-01-01T00:00:00Z' };
    }
    return { units, relations: {} };
  }

  loadDeferred(): DeferredNotice[] {
    return [...this.#s.deferred];
  }

  saveDeferred(notices: readonly DeferredNotice[]): void {
    this.#s.deferred = [...notices];
  }

  pebble(name: string): PebbleClient {
    if (this.#opts.pebble) return this.#opts.pebble(name);
    let pebble = this.#pebbles.get(name);
    if (!pebble) {
      // A container the state leaves out is one whose Pebble is not up yet.
      const state =
        this.#s.containers.find((c) => c.name === name) ?? container(name, { canConnect: false });
      const history = (this.#opts.records.execHistory[name] ??= []);
      const signals = (this.#opts.records.signalHistory[name] ??= []);
      pebble = new MemoryPebble(state, history, signals);
      this.#pebbles.set(name, pebble);
    }
    return pebble;
  }
}

function samePort(a: Port, b: Port): boolean {
  return a.protocol === b.protocol && a.port === b.port && a.toPort === b.toPort;
}
