/**
 * @module Parsers for the secret tools (`secret-add/-set/-get/-info-get/-grant/-revoke/-remove/-ids`)
 * following `jujuc/secret-*.go` and `core/secrets`: URIs (`secret:<id>`, `secret://<uuid>/<id>`,
 * bare id), content args (`k=v`, `k#base64=v`, `k#file=path` read now), `--file` YAML/JSON,
 * `--expire` (RFC 3339, zone-less ⇒ UTC, or a Go duration from now), `--rotate`, `--owner`.
 */
import { Buffer } from 'node:buffer';
import { parseDocument } from 'yaml';
import { ROTATE_POLICIES } from './calls.ts';
import type {
  RotatePolicy,
  SecretAddCall,
  SecretGetCall,
  SecretIdsCall,
  SecretInfoGetCall,
  SecretMetadataFlags,
  SecretGrantCall,
  SecretRemoveCall,
  SecretRevokeCall,
  SecretSetCall,
  SecretUri,
  ToolEnv,
} from './calls.ts';
import { ToolUsageError, checkEmpty, flagBool, flagString, goQuote, parseGoInt0 } from './flags.ts';
import type { FlagDef, ParsedFlags } from './flags.ts';
import { parseGoDuration, parseGoTime } from './go-time.ts';
import {
  isValidApplication,
  isValidUnit,
  outputFlags,
  parseSpec,
  readFileVar,
  readOutput,
  readRelation,
  relationFlag,
  requireRelation,
} from './parse-common.ts';
import type { ToolSpec } from './parse-common.ts';

const UPSERT_FLAGS: FlagDef[] = [
  {
    names: ['expire'],
    kind: 'value',
    usage: 'either a duration or time when the secret should expire',
  },
  { names: ['rotate'], kind: 'value', usage: 'the secret rotation policy' },
  { names: ['description'], kind: 'value', usage: 'the secret description' },
  { names: ['label'], kind: 'value', usage: 'a label used to identify the secret in hooks' },
  { names: ['file'], kind: 'value', usage: 'a YAML file containing secret key values' },
  {
    names: ['owner'],
    kind: 'value',
    display: 'application',
    usage: 'the owner of the secret, either the application or unit',
  },
];

export const SECRET_SPECS = {
  'secret-add': {
    name: 'secret-add',
    args: '[key[#base64|#file]=value...]',
    purpose: 'Add a new secret.',
    flags: UPSERT_FLAGS,
  },
  'secret-set': {
    name: 'secret-set',
    args: '<ID> [key[#base64]=value...]',
    purpose: 'Update an existing secret.',
    flags: UPSERT_FLAGS,
  },
  'secret-get': {
    name: 'secret-get',
    args: '<ID> [key[#base64]]',
    purpose: 'Get the content of a secret.',
    flags: [
      ...outputFlags('yaml', ['yaml', 'json']),
      { names: ['label'], kind: 'value', usage: 'a label used to identify the secret in hooks' },
      { names: ['peek'], kind: 'bool', usage: 'get the latest revision just this time' },
      {
        names: ['refresh'],
        kind: 'bool',
        usage: 'get the latest revision and also get this same revision for subsequent calls',
      },
    ],
  },
  'secret-info-get': {
    name: 'secret-info-get',
    args: '<ID>',
    purpose: "Get a secret's metadata info.",
    flags: [
      ...outputFlags('yaml', ['yaml', 'json']),
      { names: ['label'], kind: 'value', usage: 'a label used to identify the secret' },
    ],
  },
  'secret-grant': {
    name: 'secret-grant',
    args: '<ID>',
    purpose: 'Grant access to a secret.',
    flags: [
      { names: ['unit'], kind: 'value', usage: 'the unit to grant access' },
      relationFlag('the relation with which to associate the grant'),
    ],
  },
  'secret-revoke': {
    name: 'secret-revoke',
    args: '<ID>',
    purpose: 'Revoke access to a secret.',
    flags: [
      { names: ['app', 'application'], kind: 'value', usage: 'the application to revoke access' },
      { names: ['unit'], kind: 'value', usage: 'the unit to revoke access' },
      relationFlag('the relation for which to revoke the grant'),
    ],
  },
  'secret-remove': {
    name: 'secret-remove',
    args: '<ID>',
    purpose: 'Remove an existing secret.',
    flags: [
      {
        names: ['revision'],
        kind: 'value',
        display: '0',
        set: parseGoInt0,
        usage: 'remove the specified revision',
      },
    ],
  },
  'secret-ids': {
    name: 'secret-ids',
    args: '',
    purpose: 'Print secret IDs.',
    flags: outputFlags('yaml', ['yaml', 'json']),
  },
} satisfies Record<string, ToolSpec>;

const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const XID = /^[0-9a-v]{20}$/;

/** `secrets.ParseURI`; throws `secret URI "<s>" not valid` (and Juju's other texts). */
export function parseSecretUri(raw: string): SecretUri {
  const invalid = (): ToolUsageError => new ToolUsageError(`secret URI ${goQuote(raw)} not valid`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  let rest = raw;
  if (scheme) {
    if (scheme[1] !== 'secret')
      throw new ToolUsageError(`secret URI scheme ${goQuote(scheme[1] ?? '')} not valid`);
    rest = raw.slice(scheme[0].length);
  }
  let host = '';
  let path = rest;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    path = slash < 0 ? '' : rest.slice(slash);
    if (host !== '' && !UUID.test(host))
      throw new ToolUsageError(`host controller UUID ${goQuote(host)} not valid`);
  }
  const id = path.replace(/^\/+/, '');
  const parts =
    /^(?:([a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\/)?([0-9a-z]{20})$/.exec(
      id,
    );
  if (!parts || !XID.test(parts[2] ?? '')) throw invalid();
  const source = parts[1] ?? host;
  return { id: parts[2] ?? '', ...(source ? { sourceUuid: source } : {}), raw };
}

const KEY_RE = /^([a-z](?:-?[a-z0-9]){2,})$/;
const MAX_VALUE = 1000 * 1000;

/** `secrets.CreateSecretData` + `encodeBase64`: key args → base64 values. */
function secretData(args: readonly string[], env: ToolEnv): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const arg of args) {
    const idx = arg.replace(/=+$/, '').indexOf('=');
    if (idx < 1) throw new ToolUsageError(`key value ${goQuote(arg)} not valid`);
    let key = arg.slice(0, idx);
    let value = arg.slice(idx + 1);
    if (key.endsWith('#file')) {
      key = key.slice(0, -'#file'.length);
      try {
        value = env.readFile(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ToolUsageError(`reading content for secret key ${goQuote(key)}: ${reason}`);
      }
    }
    plain[key] = value;
  }
  return encodeBase64(plain);
}

function encodeBase64(plain: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  let size = 0;
  for (const [rawKey, value] of Object.entries(plain)) {
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_VALUE)
      throw new ToolUsageError(
        `secret content for key ${goQuote(rawKey)} too large: ${bytes} bytes`,
      );
    size += bytes;
    const encoded = rawKey.endsWith('#base64');
    const key = encoded ? rawKey.slice(0, -'#base64'.length) : rawKey;
    if (!KEY_RE.test(key)) throw new ToolUsageError(`key ${goQuote(key)} not valid`);
    out[key] = encoded ? value : Buffer.from(value, 'utf8').toString('base64');
  }
  if (size > MAX_VALUE) throw new ToolUsageError(`secret content too large: ${size} bytes`);
  return out;
}

/** `secrets.ReadSecretData`: a JSON or YAML map of strings. */
function secretFile(path: string, env: ToolEnv): Record<string, string> {
  const text = readFileVar(path, env);
  const doc = parseDocument(text, { schema: 'failsafe' });
  const value: unknown = doc.errors.length ? undefined : doc.toJS();
  if (value === null || value === undefined || value === '') {
    if (doc.errors.length) throw new ToolUsageError(`yaml: ${doc.errors[0]?.message ?? ''}`);
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ToolUsageError('yaml: unmarshal errors: cannot unmarshal into secrets.SecretData');
  const plain: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    plain[k] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return encodeBase64(plain);
}

/** `--expire`: RFC 3339, `2006-01-02T15:04:05` (UTC) or a positive Go duration from now. */
export function parseExpire(spec: string, now: () => number): Date {
  const time = parseGoTime(spec, true);
  if (time) return time;
  const duration = parseGoDuration(spec);
  if (duration === undefined)
    throw new ToolUsageError(`expire time or duration ${goQuote(spec)} not valid`);
  if (duration <= 0)
    throw new ToolUsageError(`negative expire duration ${goQuote(spec)} not valid`);
  return new Date(now() + duration);
}

/** `secretUpsertCommand.Init` (after the URI for `secret-set`). */
function upsert(parsed: ParsedFlags, args: readonly string[], env: ToolEnv): SecretMetadataFlags {
  const expireSpec = flagString(parsed, 'expire') ?? '';
  const expire = expireSpec === '' ? undefined : parseExpire(expireSpec, env.now ?? Date.now);
  const rotate = flagString(parsed, 'rotate') ?? '';
  if (rotate !== '' && !(ROTATE_POLICIES as readonly string[]).includes(rotate))
    throw new ToolUsageError(`rotate policy ${goQuote(rotate)} not valid`);
  const owner = flagString(parsed, 'owner') ?? 'application';
  if (owner !== 'application' && owner !== 'unit')
    throw new ToolUsageError(`secret owner ${goQuote(owner)} not valid`);
  const contentBase64 = secretData(args, env);
  const file = flagString(parsed, 'file') ?? '';
  if (file !== '') Object.assign(contentBase64, secretFile(file, env));
  const label = flagString(parsed, 'label') ?? '';
  const description = flagString(parsed, 'description') ?? '';
  return {
    owner,
    ...(label !== '' ? { label } : {}),
    ...(description !== '' ? { description } : {}),
    ...(expire ? { expire } : {}),
    ...(rotate !== '' ? { rotate: rotate as RotatePolicy } : {}),
    contentBase64,
  };
}

export function parseSecretAdd(argv: readonly string[], env: ToolEnv): SecretAddCall {
  const parsed = parseSpec(SECRET_SPECS['secret-add'], argv);
  if (parsed.args.length < 1 && !flagString(parsed, 'file'))
    throw new ToolUsageError('missing secret value or filename');
  return { tool: 'secret-add', ...upsert(parsed, parsed.args, env) };
}

export function parseSecretSet(argv: readonly string[], env: ToolEnv): SecretSetCall {
  const parsed = parseSpec(SECRET_SPECS['secret-set'], argv);
  const [first, ...rest] = parsed.args;
  if (first === undefined) throw new ToolUsageError('missing secret URI');
  const uri = parseSecretUri(first);
  return { tool: 'secret-set', uri, ...upsert(parsed, rest, env) };
}

/** URI or `--label` (shared by `secret-get` and `secret-info-get`). */
function uriOrLabel(parsed: ParsedFlags, args: string[]): { uri?: SecretUri; label?: string } {
  const first = args.shift();
  let uri: SecretUri | undefined;
  if (first !== undefined) {
    try {
      uri = parseSecretUri(first);
    } catch {
      throw new ToolUsageError(`secret URI ${goQuote(first)} not valid`);
    }
  }
  const label = flagString(parsed, 'label') ?? '';
  if (!uri && label === '') throw new ToolUsageError('require either a secret URI or label');
  return { ...(uri ? { uri } : {}), ...(label !== '' ? { label } : {}) };
}

export function parseSecretGet(argv: readonly string[], _env: ToolEnv): SecretGetCall {
  const parsed = parseSpec(SECRET_SPECS['secret-get'], argv);
  const args = [...parsed.args];
  const ref = uriOrLabel(parsed, args);
  const peek = flagBool(parsed, 'peek');
  const refresh = flagBool(parsed, 'refresh');
  if (peek && refresh) throw new ToolUsageError('specify one of --peek or --refresh but not both');
  const key = args.shift();
  checkEmpty(args);
  return {
    tool: 'secret-get',
    ...ref,
    ...(key !== undefined ? { key } : {}),
    peek,
    refresh,
    ...readOutput(parsed, 'yaml'),
  };
}

export function parseSecretInfoGet(argv: readonly string[], _env: ToolEnv): SecretInfoGetCall {
  const parsed = parseSpec(SECRET_SPECS['secret-info-get'], argv);
  const args = [...parsed.args];
  const ref = uriOrLabel(parsed, args);
  if (ref.uri && ref.label !== undefined)
    throw new ToolUsageError('specify either a secret URI or label but not both');
  checkEmpty(args);
  return { tool: 'secret-info-get', ...ref, ...readOutput(parsed, 'yaml') };
}

export function parseSecretGrant(argv: readonly string[], env: ToolEnv): SecretGrantCall {
  const parsed = parseSpec(SECRET_SPECS['secret-grant'], argv);
  const [first, ...rest] = parsed.args;
  if (first === undefined) throw new ToolUsageError('missing secret URI');
  const uri = parseSecretUri(first);
  const relation = requireRelation(parsed, argv, env);
  const unit = flagString(parsed, 'unit') ?? '';
  if (unit !== '' && !isValidUnit(unit))
    throw new ToolUsageError(`unit ${goQuote(unit)} not valid`);
  checkEmpty(rest);
  return { tool: 'secret-grant', uri, ...relation, ...(unit !== '' ? { unit } : {}) };
}

export function parseSecretRevoke(argv: readonly string[], env: ToolEnv): SecretRevokeCall {
  const parsed = parseSpec(SECRET_SPECS['secret-revoke'], argv);
  const [first, ...rest] = parsed.args;
  if (first === undefined) throw new ToolUsageError('missing secret URI');
  const uri = parseSecretUri(first);
  const app = flagString(parsed, 'app') ?? '';
  const unit = flagString(parsed, 'unit') ?? '';
  if (app !== '' && !isValidApplication(app))
    throw new ToolUsageError(`application ${goQuote(app)} not valid`);
  if (unit !== '' && !isValidUnit(unit))
    throw new ToolUsageError(`unit ${goQuote(unit)} not valid`);
  if (app !== '' && unit !== '')
    throw new ToolUsageError('specify only one of application or unit');
  const relation = readRelation(parsed, argv, env);
  if (relation && app !== '') throw new ToolUsageError('do not specify both relation and app');
  if (!relation && app === '' && unit === '')
    throw new ToolUsageError('missing relation or application or unit');
  checkEmpty(rest);
  return {
    tool: 'secret-revoke',
    uri,
    ...(relation ? { relation } : {}),
    ...(app !== '' ? { app } : {}),
    ...(unit !== '' ? { unit } : {}),
  };
}

export function parseSecretRemove(argv: readonly string[], _env: ToolEnv): SecretRemoveCall {
  const parsed = parseSpec(SECRET_SPECS['secret-remove'], argv);
  const [first, ...rest] = parsed.args;
  if (first === undefined) throw new ToolUsageError('missing secret URI');
  const uri = parseSecretUri(first);
  checkEmpty(rest);
  const revision = parsed.values.get('revision') as number | undefined;
  return {
    tool: 'secret-remove',
    uri,
    ...(revision !== undefined && revision > 0 ? { revision } : {}),
  };
}

export function parseSecretIds(argv: readonly string[], _env: ToolEnv): SecretIdsCall {
  const parsed = parseSpec(SECRET_SPECS['secret-ids'], argv);
  checkEmpty(parsed.args);
  return { tool: 'secret-ids', ...readOutput(parsed, 'yaml') };
}
