/**
 * @module The requirer side of `postgresql_client` (data_interfaces v0, interfaces.md §2): the
 * app that asks for a database. Writes the request (§2.1 "Requirer app/unit bag", §2.3 step 1),
 * reads the provider's answer with credentials from Juju secrets or, from a legacy provider, in
 * clear (§2.2), and detects "database created" / "endpoints changed" exactly as §2.4 says by
 * keeping the library's `data` snapshot in this unit's bag.
 */
import type { Databag, Relation, RelationEvent } from '@charmkit/ops';
import type { AnyCharm, BagDiff } from '../relation-data.ts';
import {
  diffSnapshots,
  encodeSnapshot,
  invalidData,
  readSnapshot,
  snapshotOf,
} from '../relation-data.ts';
import { pythonJsonDumps } from '../python-json.ts';
import {
  PROVIDED_SECRETS,
  REQUESTED_SECRETS,
  hasSecrets,
  parseEndpoints,
  parseTlsFlag,
  providerDataSchema,
  secretKeyOf,
  secretLabel,
  statusEntrySchema,
} from './wire.ts';
import type { Endpoint, ProviderData, ProviderStatus, SecretGroup } from './wire.ts';

/** What data_interfaces would emit on a `relation-changed` (§2.4); the first match wins. */
export type DatabaseChangeKind =
  | 'database-created'
  | 'database-entity-created'
  | 'endpoints-changed'
  | 'read-only-endpoints-changed'
  | 'prefix-databases-changed';

/** The outcome of one provider-data change, as seen by this unit. */
export interface DatabaseChange {
  readonly relation: Relation;
  /** The data_interfaces event this change amounts to, or null when none applies. */
  readonly kind: DatabaseChangeKind | null;
  /** Provider statuses whose codes appeared (`status_raised`). */
  readonly statusRaised: readonly ProviderStatus[];
  /** Provider statuses whose codes went away (`status_resolved`). */
  readonly statusResolved: readonly ProviderStatus[];
  /** Keys of the provider app bag added, changed and deleted since the last snapshot. */
  readonly diff: BagDiff;
}

/** A database connection as the provider published it. */
export interface DatabaseConnection {
  readonly relationId: number;
  readonly remoteApp: string | null;
  /** The provider's echo of the database name, else the name requested. */
  readonly database: string;
  readonly username: string;
  readonly password: string;
  readonly endpoints: readonly Endpoint[];
  readonly readOnlyEndpoints: readonly Endpoint[];
  readonly uris?: string;
  readonly readOnlyUris?: string;
  readonly version?: string;
  readonly tls?: { readonly enabled: boolean; readonly ca?: string };
}

export interface DatabaseRequirerOptions {
  /** The `requires:` endpoint, e.g. `postgresql` or `database`. */
  readonly endpoint: string;
  /** Database name to request (paas-charm uses the app name). */
  readonly database: string;
  /** Roles for the generated user, e.g. `SUPERUSER` or `CREATEDB,CREATEROLE`. */
  readonly extraUserRoles?: string;
  /**
   * Called on `relation-changed` after the snapshot is updated, whatever the change (check
   * `change.kind`). Runs before `reconcile()`.
   */
  readonly onChange?: (change: DatabaseChange) => void | Promise<void>;
}

/**
 * Asks for a database over a `postgresql_client` relation and reads what the provider sends.
 * Register it in the charm's constructor: it writes the request on `relation-created` (call
 * {@link request} from `reconcile()` too, to cover a leader elected later) and tracks changes
 * on `relation-changed`.
 *
 * @example
 * this.db = new DatabaseRequirer(this, { endpoint: 'postgresql', database: this.app.name });
 * // in reconcile():
 * this.db.request();
 * const conn = this.db.connection();
 * if (!conn) return this.unit.addStatus(waiting('waiting for the database'));
 */
export class DatabaseRequirer {
  readonly endpoint: string;
  readonly database: string;
  readonly extraUserRoles: string | undefined;
  readonly #charm: AnyCharm;

  constructor(charm: AnyCharm, options: DatabaseRequirerOptions) {
    this.#charm = charm;
    this.endpoint = options.endpoint;
    this.database = options.database;
    this.extraUserRoles = options.extraUserRoles;
    const filter = { endpoint: options.endpoint };
    charm.observe('relation-created', (event) => this.request(event.relation), {
      ...filter,
      id: `${options.endpoint}:database-requirer:created`,
    });
    charm.observe(
      'relation-changed',
      async (event: RelationEvent) => {
        const change = this.processChange(event.relation);
        await options.onChange?.(change);
      },
      { ...filter, id: `${options.endpoint}:database-requirer:changed` },
    );
  }

  /** Live relations on the endpoint. */
  get relations(): readonly Relation[] {
    return this.#charm.model.relations(this.endpoint);
  }

  /** Whether this Juju speaks secrets (≥ 3.0.3), which selects the secrets protocol. */
  get secretsMode(): boolean {
    return hasSecrets(this.#charm.framework.juju.version);
  }

  /**
   * Writes the request on the leader (no-op elsewhere): `database`, `extra-user-roles`, and in
   * secrets mode `requested-secrets`/`provided-secrets` in the app bag and this unit's bag.
   * Keys already written are never changed: the provider fails its hook when
   * `extra-user-roles` changes (§2.5), so a different value is logged and ignored.
   */
  request(relation?: Relation): void {
    if (!this.#charm.unit.isLeader()) return;
    for (const rel of relation ? [relation] : this.relations) {
      const wanted: Record<string, string> = { database: this.database };
      if (this.extraUserRoles) wanted['extra-user-roles'] = this.extraUserRoles;
      const secretsKeys: Record<string, string> = {};
      if (this.secretsMode) {
        secretsKeys['requested-secrets'] = pythonJsonDumps(REQUESTED_SECRETS);
        secretsKeys['provided-secrets'] = pythonJsonDumps(PROVIDED_SECRETS);
      }
      writeOnce(rel.localAppData, { ...secretsKeys, ...wanted }, (key, had, want) =>
        this.#charm.logger.warning(
          `Not changing ${key} on ${rel.endpoint}:${rel.id} from ${had} to ${want}: the provider cannot accept a changed request`,
        ),
      );
      rel.localUnitData.update(secretsKeys);
    }
  }

  /**
   * The connection the provider published, or undefined until credentials and endpoints are
   * there. Without a relation, the endpoint's one relation (null when none).
   *
   * @throws {InvalidRelationDataError} naming the relation, key and problem when the provider's
   *   data is malformed.
   * @throws {TooManyRelatedAppsError} without a relation, when there are several.
   * @throws {SecretNotFoundError} when a `secret-*` URI names a secret not granted to this app.
   */
  connection(relation?: Relation): DatabaseConnection | undefined {
    const rel = relation ?? this.#charm.model.relation(this.endpoint);
    if (!rel) return undefined;
    const bag = rel.remoteAppData;
    const data = bag.parse(providerDataSchema);
    const user = this.#fields(bag, data, 'user', [
      'username',
      'password',
      'uris',
      'read-only-uris',
    ]);
    const { username, password } = user;
    if (username === undefined || password === undefined || data.endpoints === undefined) {
      return undefined;
    }
    const tlsFields = this.#fields(bag, data, 'tls', ['tls', 'tls-ca']);
    return {
      relationId: rel.id,
      remoteApp: rel.remoteApp,
      database: data.database ?? this.database,
      username,
      password,
      endpoints: endpointsOf(bag, 'endpoints', data.endpoints),
      readOnlyEndpoints: endpointsOf(bag, 'read-only-endpoints', data['read-only-endpoints']),
      ...(user.uris === undefined ? {} : { uris: user.uris }),
      ...(user['read-only-uris'] === undefined ? {} : { readOnlyUris: user['read-only-uris'] }),
      ...(data.version === undefined ? {} : { version: data.version }),
      ...tlsOf(bag, tlsFields),
    };
  }

  /** Connections of every relation that has one. */
  connections(): DatabaseConnection[] {
    return this.relations.flatMap((rel) => this.connection(rel) ?? []);
  }

  /** The provider's `status` list (0.55+), empty when absent. */
  providerStatus(relation: Relation): readonly ProviderStatus[] {
    return relation.remoteAppData.parse(providerDataSchema).status ?? [];
  }

  /**
   * What data_interfaces does on `relation-changed` (§2.3 step 4, §2.4): compares the provider
   * app bag with the snapshot in this unit's `data`, rewrites the snapshot, registers this
   * side's consumer labels for newly added `secret-*` URIs and says which event applies.
   * Called automatically on `relation-changed`; call it yourself only from other handlers.
   */
  processChange(relation: Relation): DatabaseChange {
    const bag = relation.remoteAppData;
    const data = bag.parse(providerDataSchema);
    const previous = readSnapshot(relation.localUnitData);
    const current = snapshotOf(bag.toObject());
    const diff = diffSnapshots(previous, current);
    relation.localUnitData.set('data', encodeSnapshot(current));
    for (const key of diff.added) {
      if (key.startsWith('secret-')) {
        const group = key.slice('secret-'.length) as SecretGroup;
        const label = secretLabel(this.endpoint, relation.id, group);
        this.#charm.model.getSecret({ id: current[key], label });
      }
    }
    const before = statusList(previous['status']);
    const now = data.status ?? [];
    const codes = (list: readonly ProviderStatus[]) => new Set(list.map((s) => s.code));
    const statusRaised = now.filter((s) => !codes(before).has(s.code));
    const statusResolved = before.filter((s) => !codes(now).has(s.code));
    return {
      relation,
      kind: changeKind(relation, data, diff),
      statusRaised,
      statusResolved,
      diff,
    };
  }

  /** A group's fields: from its secret when `secret-<group>` is set, else the plain keys. */
  #fields<K extends string>(
    bag: Databag,
    data: ProviderData,
    group: SecretGroup,
    keys: readonly K[],
  ): Partial<Record<K, string>> {
    const uri = data[secretKeyOf(group) as keyof ProviderData] as string | undefined;
    const source: Readonly<Record<string, unknown>> =
      uri === undefined
        ? data
        : this.#charm.model.getSecret({ id: uri }).getContent({ refresh: true });
    const fields: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const value = source[key];
      if (value === undefined) continue;
      if (typeof value !== 'string') {
        invalidData(bag, [{ path: key, message: `expected a string, got ${typeof value}` }]);
      }
      fields[key] = value;
    }
    return fields;
  }
}

/** Sets keys that are absent; reports keys present with another value instead of changing them. */
function writeOnce(
  bag: Databag,
  wanted: Readonly<Record<string, string>>,
  onConflict: (key: string, had: string, want: string) => void,
): void {
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const had = bag.get(key);
    if (had === undefined) changes[key] = value;
    else if (had !== value && key !== 'requested-secrets' && key !== 'provided-secrets') {
      onConflict(key, had, value);
    }
  }
  bag.update(changes);
}

function endpointsOf(bag: Databag, key: string, text: string | undefined): Endpoint[] {
  if (text === undefined || text === '') return [];
  const parsed = parseEndpoints(text);
  if (typeof parsed === 'string') invalidData(bag, [{ path: key, message: parsed }]);
  return parsed;
}

function tlsOf(
  bag: Databag,
  fields: Partial<Record<'tls' | 'tls-ca', string>>,
): Pick<DatabaseConnection, 'tls'> {
  if (fields.tls === undefined) return {};
  const enabled = parseTlsFlag(fields.tls);
  if (enabled === undefined) {
    invalidData(bag, [
      { path: 'tls', message: `expected True or False, got ${JSON.stringify(fields.tls)}` },
    ]);
  }
  const ca = fields['tls-ca'];
  return { tls: ca === undefined ? { enabled } : { enabled, ca } };
}

/** The previous snapshot's `status`; our own memory, so an unreadable one counts as empty. */
function statusList(text: string | undefined): ProviderStatus[] {
  if (text === undefined) return [];
  try {
    const parsed = statusEntrySchema.array().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** §2.4's rules in order; the first that matches wins. */
function changeKind(
  relation: Relation,
  data: ProviderData,
  diff: BagDiff,
): DatabaseChangeKind | null {
  if (data.subordinated === 'true') {
    const ready = relation.units.some(
      (unit) => relation.remoteUnitData(unit).get('state') === 'ready',
    );
    if (!ready) return null;
  }
  const entityRequested = data.data !== undefined && 'entity-type' in data.data;
  const created =
    diff.added.has('secret-user') || (diff.added.has('username') && diff.added.has('password'));
  if (created && !entityRequested) return 'database-created';
  const entityCreated = diff.added.has('secret-entity') || diff.added.has('entity-name');
  if (entityCreated && entityRequested) return 'database-entity-created';
  const touched = (key: string) => diff.added.has(key) || diff.changed.has(key);
  if (touched('endpoints')) return 'endpoints-changed';
  if (touched('read-only-endpoints')) return 'read-only-endpoints-changed';
  if (touched('prefix-databases')) return 'prefix-databases-changed';
  return null;
}
