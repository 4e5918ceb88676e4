/**
 * @module The JUJU_* environment of one hook or action, as one typed object
 * (ops-protocol.md §1.2, juju-semantics.md §2.10). The only place that reads `JUJU_*`.
 */
import { JujuContextError } from './errors.ts';

/** Everything Juju tells a charm about the current dispatch. Empty variables are absent. */
export interface JujuContext {
  /** `hooks/<hook>` or `actions/<action>`. */
  readonly dispatchPath: string;
  /** Hook name, or `''` for actions. */
  readonly hookName: string;
  readonly unitName: string;
  readonly appName: string;
  readonly modelName: string;
  readonly modelUuid: string;
  readonly version: string;
  readonly charmDir: string;
  readonly availabilityZone?: string;
  readonly machineId?: string;
  readonly principalUnit?: string;
  readonly debug: boolean;
  readonly actionName?: string;
  readonly actionUuid?: string;
  readonly relationName?: string;
  readonly relationId?: number;
  readonly remoteApp?: string;
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
  readonly secretId?: string;
  readonly secretLabel?: string;
  readonly secretRevision?: number;
  readonly storageId?: string;
  readonly workloadName?: string;
  readonly noticeId?: string;
  readonly noticeType?: string;
  readonly noticeKey?: string;
  readonly checkName?: string;
  /** Charmkit's agent socket, when the fast path is available (controller issue). */
  readonly agentSocket?: string;
  /** Directory of per-container Pebble sockets; defaults to `/charm/containers`. */
  readonly pebbleSocketDir?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const VERSION_RE = /^\d+\.\d+((\.|-[a-z]+)\d+)?(\.\d+)?$/;

/**
 * Reads a {@link JujuContext} from an environment (normally `process.env`).
 *
 * @throws {JujuContextError} when a variable every dispatch needs is missing or malformed.
 * @example
 * const ctx = jujuContextFromEnv({ JUJU_DISPATCH_PATH: 'hooks/install', JUJU_UNIT_NAME: 'web/0',
 *   JUJU_MODEL_NAME: 'dev', JUJU_MODEL_UUID: '…', JUJU_VERSION: '3.6.14', JUJU_CHARM_DIR: '/charm' });
 * ctx.appName; // 'web'
 */
export function jujuContextFromEnv(env: Env): JujuContext {
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const require = (name: string): string => {
    const v = get(name);
    if (v === undefined) {
      throw new JujuContextError(
        `${name} is not set: this program must be run by Juju as a charm hook or action`,
      );
    }
    return v;
  };
  const dispatchPath = require('JUJU_DISPATCH_PATH');
  const unitName = require('JUJU_UNIT_NAME');
  const version = get('JUJU_VERSION') ?? '0.0.0';
  if (!VERSION_RE.test(version)) {
    throw new JujuContextError(
      `JUJU_VERSION "${version}" is not a Juju version (expected e.g. 3.6.14)`,
    );
  }
  const relationIdText = get('JUJU_RELATION_ID');
  const revisionText = get('JUJU_SECRET_REVISION');
  const ctx: JujuContext = {
    dispatchPath,
    hookName: env['JUJU_HOOK_NAME'] ?? '',
    unitName,
    appName: appOfUnit(unitName),
    modelName: get('JUJU_MODEL_NAME') ?? '',
    modelUuid: get('JUJU_MODEL_UUID') ?? '',
    version,
    charmDir: get('JUJU_CHARM_DIR') ?? process.cwd(),
    debug: env['JUJU_DEBUG'] !== undefined,
    ...optional('availabilityZone', get('JUJU_AVAILABILITY_ZONE')),
    ...optional('machineId', get('JUJU_MACHINE_ID')),
    ...optional('principalUnit', get('JUJU_PRINCIPAL_UNIT')),
    ...optional('actionName', get('JUJU_ACTION_NAME')),
    ...optional('actionUuid', get('JUJU_ACTION_UUID')),
    ...optional('relationName', get('JUJU_RELATION')),
    ...optional(
      'relationId',
      relationIdText === undefined ? undefined : parseRelationId(relationIdText),
    ),
    ...optional('remoteApp', get('JUJU_REMOTE_APP') ?? appOfOptionalUnit(get('JUJU_REMOTE_UNIT'))),
    ...optional('remoteUnit', get('JUJU_REMOTE_UNIT')),
    ...optional('departingUnit', get('JUJU_DEPARTING_UNIT')),
    ...optional('secretId', get('JUJU_SECRET_ID')),
    ...optional('secretLabel', get('JUJU_SECRET_LABEL')),
    ...optional(
      'secretRevision',
      revisionText === undefined ? undefined : parseInteger('JUJU_SECRET_REVISION', revisionText),
    ),
    ...optional('storageId', get('JUJU_STORAGE_ID')),
    ...optional('workloadName', get('JUJU_WORKLOAD_NAME')),
    ...optional('noticeId', get('JUJU_NOTICE_ID')),
    ...optional('noticeType', get('JUJU_NOTICE_TYPE')),
    ...optional('noticeKey', get('JUJU_NOTICE_KEY')),
    ...optional('checkName', get('JUJU_PEBBLE_CHECK_NAME')),
    ...optional('agentSocket', get('CHARMKIT_AGENT_SOCKET')),
    ...optional('pebbleSocketDir', get('CHARMKIT_PEBBLE_SOCKET_DIR')),
  };
  return ctx;
}

/** `web/3` → `web`. */
export function appOfUnit(unitName: string): string {
  const slash = unitName.indexOf('/');
  if (slash <= 0)
    throw new JujuContextError(`"${unitName}" is not a unit name (expected <app>/<number>)`);
  return unitName.slice(0, slash);
}

/** `db:3` or `3` → 3 (ops takes the part after the last colon). */
export function parseRelationId(text: string): number {
  return parseInteger('JUJU_RELATION_ID', text.slice(text.lastIndexOf(':') + 1));
}

/** Compares two Juju versions; negative when `a < b`. Tags (`3.6-beta2`) sort before releases. */
export function compareJujuVersions(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+)|-[a-z]+(\d+))?(?:\.(\d+))?$/.exec(v);
    if (!m) throw new JujuContextError(`"${v}" is not a Juju version`);
    const patch = m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? -1 : 0;
    return [Number(m[1]), Number(m[2]), patch, Number(m[4] ?? 0), Number(m[5] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < pa.length; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function appOfOptionalUnit(unit: string | undefined): string | undefined {
  return unit === undefined ? undefined : appOfUnit(unit);
}

function parseInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new JujuContextError(`${name} "${text}" is not a number`);
  return Number(text);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
