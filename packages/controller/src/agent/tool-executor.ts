/**
 * @module Runs one hook-tool call against a hook's {@link HookSession}: parses argv the way
 * ops ≥ 3.7.1 sends it (ops-protocol.md §2.3: interspersed flags, `--k=v` and `--k v`,
 * `-r <endpoint>:<id>`, `--` before messages, `--file -` on stdin) and prints what Juju
 * prints. Errors come back as Juju's stderr with its exit codes (2 for bad flags).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ModelError } from '@charmkit/ops';
import type { LogLevel, Port, SecretMetadataInput, SecretRotatePolicy } from '@charmkit/ops';
import { parse as parseYaml } from 'yaml';
import type { HookSession } from './hook-session.ts';
import type { ToolInvocation, ToolOutcome } from './tool-server.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

const str = (type: 'string' | 'boolean', short?: string): Options[string] => ({
  type,
  ...(short ? { short } : {}),
});
const FORMAT = { format: str('string') };
const REL = { relation: str('string', 'r') };
const SECRET_META = {
  label: str('string'),
  description: str('string'),
  expire: str('string'),
  rotate: str('string'),
  file: str('string'),
};

/** Flags each tool accepts (Juju's names; `-r` is `--relation`). */
const SPECS: Record<string, Options> = {
  'is-leader': FORMAT,
  'config-get': { ...FORMAT, all: str('boolean', 'a') },
  'relation-ids': FORMAT,
  'relation-list': { ...FORMAT, ...REL, app: str('boolean') },
  'relation-get': { ...FORMAT, ...REL, app: str('boolean') },
  'relation-set': { ...FORMAT, ...REL, app: str('boolean'), file: str('string') },
  'relation-model-get': { ...FORMAT, ...REL },
  'status-get': { ...FORMAT, 'include-data': str('boolean'), application: str('string') },
  'status-set': { application: str('string') },
  'application-version-set': {},
  'juju-log': { 'log-level': str('string', 'l'), debug: str('boolean') },
  'network-get': { ...FORMAT, ...REL, 'primary-address': str('boolean') },
  'open-port': { endpoints: str('string') },
  'close-port': { endpoints: str('string') },
  'opened-ports': { ...FORMAT, endpoints: str('boolean') },
  'state-get': FORMAT,
  'state-set': { file: str('string') },
  'state-delete': {},
  'goal-state': FORMAT,
  'credential-get': FORMAT,
  'action-get': FORMAT,
  'action-set': {},
  'action-log': {},
  'action-fail': {},
  'storage-list': FORMAT,
  'storage-get': { ...FORMAT, storage: str('string', 's') },
  'resource-get': {},
  'secret-ids': FORMAT,
  'secret-add': { ...SECRET_META, owner: str('string') },
  'secret-set': { ...SECRET_META, owner: str('string') },
  'secret-get': { ...FORMAT, label: str('string'), peek: str('boolean'), refresh: str('boolean') },
  'secret-info-get': { ...FORMAT, label: str('string') },
  'secret-grant': { relation: str('string', 'r'), unit: str('string') },
  'secret-revoke': { relation: str('string', 'r'), unit: str('string'), app: str('string') },
  'secret-remove': { revision: str('string') },
};

class UsageError extends Error {}

export function executeTool(session: HookSession, call: ToolInvocation): ToolOutcome {
  try {
    const spec = SPECS[call.tool];
    if (!spec)
      return {
        code: 1,
        stdout: '',
        stderr: `ERROR ${call.tool} is not supported by this Charmkit controller yet\n`,
      };
    let parsed: Parsed;
    try {
      parsed = parseArgs({
        args: [...call.argv],
        options: spec,
        allowPositionals: true,
        strict: true,
      }) as Parsed;
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0]);
    }
    const out = run(session, call, parsed);
    return { code: 0, stdout: render(out, parsed.values.format), stderr: '' };
  } catch (error) {
    if (error instanceof UsageError)
      return { code: 2, stdout: '', stderr: `ERROR ${error.message}\n` };
    if (error instanceof ModelError && error.stderr) {
      const code = error.stderr.includes('for option -r') ? 2 : 1;
      return { code, stdout: '', stderr: error.stderr };
    }
    return { code: 1, stdout: '', stderr: `ERROR ${(error as Error).message}\n` };
  }
}

/** `json` prints JSON; Juju's default "smart" prints strings raw and the rest as JSON/YAML. */
function render(value: unknown, format: string | boolean | undefined): string {
  if (value === undefined) return '';
  if (format === 'json') return `${JSON.stringify(value)}\n`;
  if (typeof value === 'string') return `${value}\n`;
  if (typeof value === 'boolean') return value ? 'True\n' : 'False\n';
  return `${JSON.stringify(value)}\n`;
}

function relationRef(
  session: HookSession,
  call: ToolInvocation,
  value: string | boolean | undefined,
): { endpoint: string; id: number } {
  const text = typeof value === 'string' ? value : session.currentRelation;
  if (!text) throw new UsageError('no relation id specified');
  const [endpoint, id] = text.includes(':') ? text.split(':') : ['', text];
  if (!/^\d+$/.test(id ?? ''))
    throw new UsageError(`invalid value "${text}" for option -r: invalid relation id`);
  return { endpoint: endpoint ?? '', id: Number(id) };
}

function bool(text: string | boolean | undefined): boolean {
  return typeof text === 'string'
    ? ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)
    : text === true;
}

type Handler = (session: HookSession, call: ToolInvocation, parsed: Parsed) => unknown;

const wireStatus = (s: { name: string; message: string }): Record<string, unknown> => ({
  status: s.name,
  message: s.message,
  'status-data': {},
});

/** One handler per tool: calls the session, returns what the tool prints (undefined: nothing). */
const HANDLERS: Record<string, Handler> = {
  'is-leader': (s) => s.isLeader(),
  'config-get': (s, _c, { positionals: [key] }) => {
    const config = s.configGet();
    return key === undefined ? config : (config[key] ?? null);
  },
  'relation-ids': (s, _c, { positionals: [endpoint = s.currentEndpoint ?? ''] }) =>
    s.relationIds(endpoint).map((id) => `${endpoint}:${id}`),
  'relation-list': (s, c, { values }) => {
    const ref = relationRef(s, c, values.relation);
    return values.app ? s.relationRemoteApp(ref) : s.relationList(ref);
  },
  'relation-get': (s, c, p) => relationGet(s, c, p),
  'relation-set': (s, c, p) => relationSet(s, c, p),
  'relation-model-get': (s, c, { values }) => ({
    uuid: s.relationModelUuid(relationRef(s, c, values.relation)),
  }),
  'status-get': (s, _c, { values }) => {
    if (bool(values.application)) {
      const report = s.appStatusGet();
      const units = Object.entries(report.units).map(([u, st]): [string, unknown] => [
        u,
        wireStatus(st),
      ]);
      return { 'application-status': wireStatus(report.app), units: Object.fromEntries(units) };
    }
    const st = s.statusGet();
    return values['include-data'] || values.format === 'json' ? wireStatus(st) : st.name;
  },
  'status-set': (s, _c, { values, positionals: [name = '', message = ''] }) =>
    s.statusSet({ name: name as never, message }, bool(values.application)),
  'application-version-set': (s, _c, { positionals: [version = ''] }) =>
    s.applicationVersionSet(version),
  'juju-log': (s, _c, { values, positionals }) =>
    s.jujuLog(
      String(values['log-level'] ?? 'INFO').toUpperCase() as LogLevel,
      positionals.join(' '),
    ),
  'network-get': (s, _c, { positionals: [binding = ''] }) => {
    const info = s.networkGet(binding);
    return {
      'bind-addresses': info.bindAddresses.map((b) => ({
        'mac-address': b.macAddress ?? '',
        'interface-name': b.interfaceName,
        addresses: b.addresses,
      })),
      'egress-subnets': info.egressSubnets,
      'ingress-addresses': info.ingressAddresses,
    };
  },
  'open-port': (s, c, { positionals: [spec = ''] }) => ports(s, c.tool, spec),
  'close-port': (s, c, { positionals: [spec = ''] }) => ports(s, c.tool, spec),
  'opened-ports': (s) =>
    s
      .openedPorts()
      .map((p) =>
        p.protocol === 'icmp' ? 'icmp' : `${p.port}${p.toPort ? `-${p.toPort}` : ''}/${p.protocol}`,
      ),
  'state-get': (s, _c, { positionals: [key] }) => {
    const state = s.stateGet();
    return key === undefined ? state : (state[key] ?? null);
  },
  'state-set': (s, c, { values, positionals }) =>
    s.stateSet(keyValues(values.file === '-' ? yamlMap(c.stdin) : {}, positionals)),
  'state-delete': (s, _c, { positionals: [key = ''] }) => s.stateDelete(key),
  'goal-state': (s) => s.goalState(),
  'credential-get': (s) => s.credentialGet(),
  'action-get': (s, _c, { positionals: [key] }) => {
    let value: unknown = s.actionGet();
    for (const part of key === undefined ? [] : key.split('.')) {
      value =
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    return value ?? null;
  },
  'action-set': (s, _c, { positionals }) => s.actionSet(keyValues({}, positionals)),
  'action-log': (s, _c, { positionals }) => s.actionLog(positionals.join(' ')),
  'action-fail': (s, _c, { positionals }) => s.actionFail(positionals.join(' ')),
  'storage-list': (s) => s.storageList(),
  'storage-get': (s, _c, { values }) => s.storageGet(String(values.storage ?? '')),
  'resource-get': (s, _c, { positionals: [name = ''] }) => s.resourceGet(name),
  'secret-ids': (s) => s.secretIds(),
  'secret-add': (s, _c, { values, positionals }) => {
    const owner = values.owner === 'unit' ? 'unit' : 'application';
    return s.secretAdd(secretContent(positionals), { ...secretMeta(values), owner });
  },
  'secret-set': (s, _c, { values, positionals: [uri = '', ...rest] }) => {
    const content = rest.length > 0 ? { content: secretContent(rest) } : {};
    s.secretSet(uri, { ...secretMeta(values), ...content });
  },
  'secret-get': (s, _c, { values, positionals: [uri, key] }) => {
    const lookup = {
      ...(uri ? { id: uri } : {}),
      ...(typeof values.label === 'string' ? { label: values.label } : {}),
    };
    if (!lookup.id && lookup.label === undefined)
      throw new UsageError('require either a secret URI or label');
    if (values.peek && values.refresh)
      throw new UsageError('specify one of --peek or --refresh but not both');
    const content = s.secretGet(lookup, {
      peek: values.peek === true,
      refresh: values.refresh === true,
    });
    return key === undefined ? content : (content[key] ?? null);
  },
  'secret-info-get': (s, _c, { values, positionals: [uri] }) => {
    if (uri && typeof values.label === 'string')
      throw new UsageError('specify either a secret URI or label but not both');
    const info = s.secretInfoGet(uri ? { id: uri } : { label: String(values.label ?? '') });
    return {
      [info.id]: {
        revision: info.revision,
        label: info.label,
        owner: info.owner,
        ...(info.description ? { description: info.description } : {}),
        ...(info.rotation ? { rotation: info.rotation } : {}),
        ...(info.rotates ? { rotates: info.rotates.toISOString() } : {}),
      },
    };
  },
  'secret-grant': (s, _c, { values, positionals: [uri = ''] }) =>
    s.secretGrant(
      uri,
      relationNumber(values.relation),
      typeof values.unit === 'string' ? values.unit : undefined,
    ),
  'secret-revoke': (s, _c, { values, positionals: [uri = ''] }) =>
    s.secretRevoke(
      uri,
      relationNumber(values.relation),
      typeof values.unit === 'string' ? values.unit : undefined,
    ),
  'secret-remove': (s, _c, { values, positionals: [uri = ''] }) =>
    s.secretRemove(uri, values.revision === undefined ? undefined : Number(values.revision)),
};

function relationNumber(value: string | boolean | undefined): number {
  const text = typeof value === 'string' ? (value.split(':').at(-1) ?? '') : '';
  if (!/^\d+$/.test(text))
    throw new UsageError(
      `invalid value "${String(value ?? '')}" for option --relation: invalid relation id`,
    );
  return Number(text);
}

/** `key=value`, `key#file=/path` (read now: ops deletes it right after) and `key#base64=…`. */
function secretContent(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected "key=value", got "${arg}"`);
    const [key = '', kind] = arg.slice(0, eq).split('#');
    const value = arg.slice(eq + 1);
    if (!/^[a-z](?:-?[a-z0-9]){2,}$/.test(key)) throw new UsageError(`key "${key}" not valid`);
    if (kind === 'file') out[key] = readFileSync(value, 'utf8');
    else if (kind === 'base64') out[key] = Buffer.from(value, 'base64').toString('utf8');
    else out[key] = value;
  }
  return out;
}

const ROTATE = new Set(['never', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly']);

function secretMeta(values: Parsed['values']): SecretMetadataInput {
  const text = (k: string): string | undefined =>
    typeof values[k] === 'string' ? values[k] : undefined;
  const rotate = text('rotate');
  if (rotate !== undefined && !ROTATE.has(rotate))
    throw new UsageError(`invalid secret rotate policy "${rotate}"`);
  const expire = text('expire');
  return {
    ...(text('label') === undefined ? {} : { label: text('label')! }),
    ...(text('description') === undefined ? {} : { description: text('description')! }),
    ...(rotate === undefined ? {} : { rotate: rotate as SecretRotatePolicy }),
    ...(expire === undefined ? {} : { expire: parseExpire(expire) }),
  };
}

/** RFC 3339, `2006-01-02T15:04:05` (UTC) or a Go duration from now. */
function parseExpire(text: string): Date {
  const duration = /^(\d+)(h|m|s)$/.exec(text);
  if (duration) {
    const unit = { h: 3_600_000, m: 60_000, s: 1000 }[duration[2] as 'h' | 'm' | 's'];
    return new Date(Date.now() + Number(duration[1]) * unit);
  }
  const date = new Date(/[zZ]|[+-]\d{2}:\d{2}$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw new UsageError(`invalid expire value "${text}"`);
  return date;
}

function run(session: HookSession, call: ToolInvocation, parsed: Parsed): unknown {
  return HANDLERS[call.tool]?.(session, call, parsed);
}

function relationGet(
  session: HookSession,
  call: ToolInvocation,
  { values, positionals }: Parsed,
): unknown {
  const ref = relationRef(session, call, values.relation);
  const [
    key = '-',
    owner = values.app ? session.relationRemoteApp(ref) : session.currentRemoteUnit,
  ] = positionals;
  if (!owner) throw new UsageError('no unit id specified');
  const bag = session.relationGet(ref, owner, Boolean(values.app));
  return key === '-' ? bag : (bag[key] ?? null);
}

function relationSet(
  session: HookSession,
  call: ToolInvocation,
  { values, positionals }: Parsed,
): unknown {
  const ref = relationRef(session, call, values.relation);
  const fromFile =
    typeof values.file === 'string'
      ? yamlMap(values.file === '-' ? call.stdin : readFileSync(values.file, 'utf8'))
      : {};
  session.relationSet(ref, keyValues(fromFile, positionals), Boolean(values.app));
  return undefined;
}

/** YAML (JSON is YAML) keeping every scalar as its source string (ops-protocol.md §2.3). */
function yamlMap(text: string): Record<string, string> {
  const doc = (parseYaml(text, { schema: 'failsafe' }) ?? {}) as Record<string, unknown>;
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError('expected a YAML map of settings');
  return Object.fromEntries(
    Object.entries(doc).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

function keyValues(base: Record<string, string>, args: readonly string[]): Record<string, string> {
  const out = { ...base };
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected "key=value", got "${arg}"`);
    out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return out;
}

function ports(session: HookSession, tool: string, spec: string): undefined {
  const m = /^(?:(\d+)(?:-(\d+))?(?:\/(tcp|udp))?|icmp)$/.exec(spec);
  if (!m) throw new UsageError(`invalid port "${spec}"`);
  const port: Port =
    spec === 'icmp'
      ? { protocol: 'icmp' }
      : {
          protocol: (m[3] ?? 'tcp') as 'tcp' | 'udp',
          port: Number(m[1]),
          ...(m[2] ? { toPort: Number(m[2]) } : {}),
        };
  if (tool === 'open-port') session.openPort(port);
  else session.closePort(port);
  return undefined;
}
