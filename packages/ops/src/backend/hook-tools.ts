/**
 * @module {@link Backend} over Juju's hook-tool executables, with the argv ops ≥ 3.7.1
 * sends (ops-protocol.md §2.3) and outputs parsed as Juju prints them (§2.4). Secret content
 * goes through `key#file=` temp files, never argv, so it is not visible in `ps`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { str } from '../json-fields.ts';
import { ModelError, RelationNotFoundError } from '../errors.ts';
import type { JujuContext } from '../juju-context.ts';
import { PebbleHttpClient } from '../pebble/http-client.ts';
import type { PebbleClient } from '../pebble/client.ts';
import type { SettableStatus, StatusName } from '../status.ts';
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
  SecretRotatePolicy,
  StatusWithData,
  StorageDetails,
} from './backend.ts';
import { runTool, runToolJson } from './run-tool.ts';
import type { RunToolOptions, ToolExecutor } from './run-tool.ts';

/** Where deferred events live between dispatches, relative to the charm directory. */
export const DEFERRED_FILE = '.charmkit-deferred.json';
const DEFAULT_PEBBLE_DIR = '/charm/containers';

export interface HookToolBackendOptions {
  readonly context: JujuContext;
  /** Environment for the tools (PATH!); defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Runs a tool instead of spawning its executable (the Charmkit agent's fast path). */
  readonly execute?: ToolExecutor;
}

type Json = Record<string, unknown>;

export class HookToolBackend implements Backend {
  readonly #context: JujuContext;
  readonly #toolOptions: RunToolOptions;
  readonly #pebbles = new Map<string, PebbleClient>();

  constructor(options: HookToolBackendOptions) {
    this.#context = options.context;
    this.#toolOptions = { env: options.env, execute: options.execute };
  }

  #run(tool: string, args: readonly string[], input?: string): string {
    return runTool(tool, args, { ...this.#toolOptions, input }).stdout;
  }

  #json(tool: string, args: readonly string[]): unknown {
    return runToolJson(tool, args, this.#toolOptions);
  }

  isLeader(): boolean {
    return this.#json('is-leader', ['--format=json']) === true;
  }

  configGet(): RawConfig {
    return (this.#json('config-get', ['--format=json']) ?? {}) as RawConfig;
  }

  relationIds(endpoint: string): number[] {
    const ids = (this.#json('relation-ids', [endpoint, '--format=json']) ?? []) as string[];
    return ids.map((id) => Number(id.split(':').at(-1)));
  }

  relationList(relation: RelationRef): string[] {
    return (this.#json('relation-list', ['--format=json', '-r', ref(relation)]) ?? []) as string[];
  }

  relationRemoteApp(relation: RelationRef): string | null {
    try {
      const app = this.#json('relation-list', ['--format=json', '--app', '-r', ref(relation)]);
      return typeof app === 'string' && app !== '' ? app : null;
    } catch (error) {
      if (error instanceof RelationNotFoundError) return null;
      throw error;
    }
  }

  relationGet(relation: RelationRef, owner: string, app: boolean): DatabagContent {
    const args = ['--format=json', '-r', ref(relation), ...(app ? ['--app'] : []), '-', owner];
    return (this.#json('relation-get', args) ?? {}) as DatabagContent;
  }

  relationSet(relation: RelationRef, changes: DatabagContent, app: boolean): void {
    const args = ['-r', ref(relation), ...(app ? ['--app'] : []), '--file', '-'];
    this.#run('relation-set', args, JSON.stringify(changes));
  }

  relationModelUuid(relation: RelationRef): string {
    const out = this.#json('relation-model-get', ['--format=json', '-r', ref(relation)]) as Json;
    return String(out.uuid);
  }

  statusGet(): StatusWithData {
    const args = ['--include-data', '--format=json', '--application=false'];
    return statusFromJson(this.#json('status-get', args) as Json);
  }

  appStatusGet(): AppStatusReport {
    const args = ['--include-data', '--format=json', '--application=true'];
    const out = this.#json('status-get', args) as Json;
    const units = (out.units ?? {}) as Record<string, Json>;
    return {
      app: statusFromJson(out['application-status'] as Json),
      units: Object.fromEntries(Object.entries(units).map(([u, s]) => [u, statusFromJson(s)])),
    };
  }

  statusSet(status: SettableStatus, app: boolean): void {
    const flag = `--application=${app ? 'True' : 'False'}`;
    this.#run('status-set', [flag, status.name, '--', status.message]);
  }

  applicationVersionSet(version: string): void {
    this.#run('application-version-set', ['--', version]);
  }

  jujuLog(level: LogLevel, message: string): void {
    this.#run('juju-log', ['--log-level', level, '--', message]);
  }

  networkGet(binding: string, relationId?: number): NetworkInfo {
    const args = ['--format=json', ...(relationId === undefined ? [] : ['-r', String(relationId)])];
    return networkFromJson(this.#json('network-get', [...args, binding]) as Json);
  }

  openPort(port: Port, endpoints?: readonly string[]): void {
    this.#run('open-port', [...endpointsFlag(endpoints), formatPort(port)]);
  }

  closePort(port: Port, endpoints?: readonly string[]): void {
    this.#run('close-port', [...endpointsFlag(endpoints), formatPort(port)]);
  }

  openedPorts(): Port[] {
    const out = (this.#json('opened-ports', ['--format=json']) ?? []) as string[];
    return out.map(parsePort);
  }

  storageList(name?: string): string[] {
    const args = ['--format=json', ...(name === undefined ? [] : [name])];
    return (this.#json('storage-list', args) ?? []) as string[];
  }

  storageGet(storageId: string): StorageDetails {
    const out = this.#json('storage-get', ['--format=json', '-s', storageId]) as Json;
    return { kind: out.kind === 'block' ? 'block' : 'filesystem', location: String(out.location) };
  }

  storageAdd(counts: Readonly<Record<string, number>>): void {
    this.#run(
      'storage-add',
      Object.entries(counts).map(([name, n]) => `${name}=${n}`),
    );
  }

  resourceGet(name: string): string {
    return this.#run('resource-get', [name]).trim();
  }

  actionGet(): Record<string, unknown> {
    return (this.#json('action-get', ['--format=json']) ?? {}) as Record<string, unknown>;
  }

  actionSet(results: Readonly<Record<string, string>>): void {
    this.#run(
      'action-set',
      Object.entries(results).map(([k, v]) => `${k}=${v}`),
    );
  }

  actionLog(message: string): void {
    this.#run('action-log', ['--', message]);
  }

  actionFail(message: string): void {
    this.#run('action-fail', ['--', message]);
  }

  secretAdd(
    content: DatabagContent,
    options: SecretMetadataInput & { readonly owner: SecretOwner },
  ): string {
    return withContentFiles(content, (files) =>
      this.#run('secret-add', [...metadataFlags(options), '--owner', options.owner, ...files]),
    ).trim();
  }

  secretGet(
    lookup: SecretLookup,
    options: { readonly refresh?: boolean; readonly peek?: boolean } = {},
  ): DatabagContent {
    const args = ['--format=json', ...(lookup.id ? [lookup.id] : [])];
    if (lookup.label !== undefined) args.push('--label', lookup.label);
    if (options.refresh) args.push('--refresh');
    if (options.peek) args.push('--peek');
    return (this.#json('secret-get', args) ?? {}) as DatabagContent;
  }

  secretInfoGet(lookup: SecretLookup): SecretInfo {
    const args = lookup.id
      ? ['--format=json', lookup.id]
      : ['--format=json', '--label', lookup.label ?? ''];
    const out = (this.#json('secret-info-get', args) ?? {}) as Record<string, Json>;
    const [id, info] = Object.entries(out)[0] ?? [];
    if (id === undefined || info === undefined) {
      throw new ModelError(`secret-info-get printed no secret for ${lookup.id ?? lookup.label}`);
    }
    return secretInfoFromJson(id, info);
  }

  secretSet(id: string, update: SecretMetadataInput & { readonly content?: DatabagContent }): void {
    const run = (files: string[]): string =>
      this.#run('secret-set', [...metadataFlags(update), '--owner', 'application', id, ...files]);
    if (update.content) withContentFiles(update.content, run);
    else run([]);
  }

  secretGrant(id: string, relationId: number, unit?: string): void {
    this.#run('secret-grant', ['--relation', String(relationId), ...unitFlag(unit), id]);
  }

  secretRevoke(id: string, relationId: number, unit?: string): void {
    this.#run('secret-revoke', ['--relation', String(relationId), ...unitFlag(unit), id]);
  }

  secretRemove(id: string, revision?: number): void {
    const rev = revision === undefined ? [] : ['--revision', String(revision)];
    this.#run('secret-remove', [id, ...rev]);
  }

  secretIds(): string[] {
    return (this.#json('secret-ids', ['--format=json']) ?? []) as string[];
  }

  stateGet(): Record<string, string> {
    return (this.#json('state-get', ['--format=json']) ?? {}) as Record<string, string>;
  }

  stateSet(values: Readonly<Record<string, string>>): void {
    this.#run('state-set', ['--file', '-'], JSON.stringify(values));
  }

  stateDelete(key: string): void {
    this.#run('state-delete', [key]);
  }

  credentialGet(): CloudSpec {
    return cloudSpecFromJson(this.#json('credential-get', ['--format=json']) as Json);
  }

  goalState(): GoalState {
    return (this.#json('goal-state', ['--format=json']) ?? {
      units: {},
      relations: {},
    }) as GoalState;
  }

  loadDeferred(): DeferredNotice[] {
    try {
      const text = readFileSync(join(this.#context.charmDir, DEFERRED_FILE), 'utf8');
      return JSON.parse(text) as DeferredNotice[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new ModelError(`cannot read deferred events from ${DEFERRED_FILE}`, { cause: error });
    }
  }

  saveDeferred(notices: readonly DeferredNotice[]): void {
    const path = join(this.#context.charmDir, DEFERRED_FILE);
    if (notices.length === 0) rmSync(path, { force: true });
    else writeFileSync(path, JSON.stringify(notices), { mode: 0o600 });
  }

  pebble(container: string): PebbleClient {
    let client = this.#pebbles.get(container);
    if (!client) {
      const dir = this.#context.pebbleSocketDir ?? DEFAULT_PEBBLE_DIR;
      client = new PebbleHttpClient({ socketPath: join(dir, container, 'pebble.socket') });
      this.#pebbles.set(container, client);
    }
    return client;
  }
}

function ref(relation: RelationRef): string {
  return `${relation.endpoint}:${relation.id}`;
}

function unitFlag(unit: string | undefined): string[] {
  return unit === undefined ? [] : ['--unit', unit];
}

function endpointsFlag(endpoints: readonly string[] | undefined): string[] {
  return endpoints && endpoints.length > 0 ? ['--endpoints', endpoints.join(',')] : [];
}

function statusFromJson(raw: Json | undefined): StatusWithData {
  return {
    name: str(raw?.status, 'unknown') as StatusName,
    message: str(raw?.message),
    data: (raw?.['status-data'] ?? {}) as Record<string, unknown>,
  };
}

/** `80/tcp`, `8000-8999/udp`, `icmp`. */
export function formatPort(port: Port): string {
  if (port.protocol === 'icmp') return 'icmp';
  const range = port.toPort === undefined ? `${port.port}` : `${port.port}-${port.toPort}`;
  return `${range}/${port.protocol}`;
}

/** Parses `opened-ports` entries: `80/tcp`, `53/udp`, `icmp`, `8000-8999/tcp`, `80`. */
export function parsePort(text: string): Port {
  const spec = text.split(' ', 1)[0] ?? '';
  if (spec === 'icmp') return { protocol: 'icmp' };
  const [range = '', proto = 'tcp'] = spec.split('/');
  const [from, to] = range.split('-').map(Number);
  if (from === undefined || Number.isNaN(from) || (proto !== 'tcp' && proto !== 'udp')) {
    throw new ModelError(`opened-ports printed an unknown port "${text}"`);
  }
  return to === undefined
    ? { protocol: proto, port: from }
    : { protocol: proto, port: from, toPort: to };
}

function networkFromJson(raw: Json): NetworkInfo {
  const binds = (raw['bind-addresses'] ?? []) as Json[];
  return {
    bindAddresses: binds.map((b) => ({
      interfaceName: str(b['interface-name']),
      ...(typeof b['mac-address'] === 'string' ? { macAddress: b['mac-address'] } : {}),
      addresses: ((b.addresses ?? []) as Json[]).map((a) => ({
        value: str(a.value ?? a.address),
        hostname: str(a.hostname),
        cidr: str(a.cidr),
      })),
    })),
    ingressAddresses: (raw['ingress-addresses'] ?? []) as string[],
    egressSubnets: (raw['egress-subnets'] ?? []) as string[],
  };
}

function metadataFlags(meta: SecretMetadataInput): string[] {
  const args: string[] = [];
  if (meta.label !== undefined) args.push('--label', meta.label);
  if (meta.description !== undefined) args.push('--description', meta.description);
  if (meta.expire !== undefined) args.push('--expire', meta.expire.toISOString());
  if (meta.rotate !== undefined) args.push('--rotate', meta.rotate);
  return args;
}

/** Writes each value to a private temp file and passes `key#file=<path>`; removes them after. */
function withContentFiles<T>(content: DatabagContent, run: (args: string[]) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'charmkit-secret-'));
  try {
    const args = Object.entries(content).map(([key, value]) => {
      const file = join(dir, key);
      writeFileSync(file, value, { mode: 0o600 });
      return `${key}#file=${file}`;
    });
    return run(args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function secretInfoFromJson(id: string, raw: Json): SecretInfo {
  const date = (v: unknown): Date | undefined => (typeof v === 'string' ? new Date(v) : undefined);
  const expiry = date(raw.expiry);
  const rotates = date(raw.rotates);
  return {
    id,
    label: str(raw.label),
    revision: Number(raw.revision ?? 0),
    owner: raw.owner === 'unit' ? 'unit' : 'application',
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(expiry ? { expiry } : {}),
    ...(typeof raw.rotation === 'string' ? { rotation: raw.rotation as SecretRotatePolicy } : {}),
    ...(rotates ? { rotates } : {}),
  };
}

function cloudSpecFromJson(raw: Json): CloudSpec {
  const cred = raw.credential as Json | undefined;
  const opt = (key: string): string | undefined =>
    typeof raw[key] === 'string' ? raw[key] : undefined;
  return {
    type: str(raw.type),
    name: str(raw.name),
    region: opt('region'),
    endpoint: opt('endpoint'),
    identityEndpoint: opt('identity-endpoint'),
    storageEndpoint: opt('storage-endpoint'),
    ...(cred
      ? {
          credential: {
            authType: str(cred['auth-type']),
            attrs: (cred.attrs ?? {}) as Record<string, string>,
            redacted: (cred.redacted ?? []) as string[],
          },
        }
      : {}),
    caCertificates: (raw.cacertificates ?? []) as string[],
    skipTlsVerify: raw['skip-tls-verify'] === true,
    isControllerCloud: raw['is-controller-cloud'] === true,
  };
}
