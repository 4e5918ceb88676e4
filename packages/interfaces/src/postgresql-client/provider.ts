/**
 * @module The provider side of `postgresql_client` (data_interfaces v0, interfaces.md §2): the
 * database charm. Reads each related app's request, keeps the `data` snapshot Python
 * requirers read back (§2.1), and publishes credentials in an app-owned Juju secret per
 * (relation, group) labelled `<endpoint>.<relation-id>.<group>.secret` and granted to the
 * relation (§2.2), or in clear for a requirer that did not ask for secrets.
 */
import { ModelError } from '@charmkit/ops';
import type { Databag, Relation, RelationEvent } from '@charmkit/ops';
import type { AnyCharm, BagDiff } from '../relation-data.ts';
import { diffSnapshots, encodeSnapshot, readSnapshot, snapshotOf } from '../relation-data.ts';
import {
  formatEndpoints,
  hasSecrets,
  requestSchema,
  secretGroupOf,
  secretKeyOf,
  secretLabel,
} from './wire.ts';
import type { Endpoint, SecretGroup } from './wire.ts';

/** One related app's request, read from its app bag. */
export interface DatabaseRequest {
  readonly relation: Relation;
  readonly relationId: number;
  readonly remoteApp: string | null;
  readonly database: string;
  readonly extraUserRoles?: string;
  readonly extraGroupRoles?: string;
  readonly entityType?: 'USER' | 'GROUP';
  readonly prefixMatching?: string;
  readonly externalNodeConnectivity: boolean;
  /** Fields the requirer wants in secrets; undefined for a requirer without secrets. */
  readonly requestedSecrets?: readonly string[];
}

/** What a provider publishes; every field optional, only the given ones are written. */
export interface DatabaseData {
  readonly username?: string;
  readonly password?: string;
  readonly endpoints?: readonly (Endpoint | string)[];
  readonly readOnlyEndpoints?: readonly (Endpoint | string)[];
  readonly uris?: string;
  readonly readOnlyUris?: string;
  readonly version?: string;
  /** Written as Python bool text, `True`/`False`, as PostgreSQL does. */
  readonly tls?: boolean;
  readonly tlsCa?: string;
  /** Echo of the database name (`set_database`). */
  readonly database?: string;
}

/** data_interfaces' `database_requested` / `database_entity_requested` / permissions changed. */
export type DatabaseRequestKind =
  'database-requested' | 'database-entity-requested' | 'database-entity-permissions-changed';

export interface DatabaseRequestEvent {
  readonly kind: DatabaseRequestKind;
  readonly request: DatabaseRequest;
  readonly diff: BagDiff;
}

export interface DatabaseProviderOptions {
  /** The `provides:` endpoint, e.g. `database`. */
  readonly endpoint: string;
  /** Called on the leader's `relation-changed` when §2.4's provider rules match. */
  readonly onRequest?: (event: DatabaseRequestEvent) => void | Promise<void>;
}

/** Keys that may be written before the requirer's `database` is visible (§2.3 step 3). */
const EARLY_KEYS = new Set(['endpoints', 'read-only-endpoints', 'replset', 'encryption-secret']);

/**
 * Serves databases over `postgresql_client`. On the leader's `relation-changed` it refreshes
 * the `data` snapshot and reports new requests; {@link publish} answers one.
 *
 * @example
 * this.db = new DatabaseProvider(this, { endpoint: 'database' });
 * // in reconcile(), on the leader:
 * for (const req of this.db.requests()) {
 *   const password = this.#ensureUser(req);
 *   this.db.publish(req.relation, { username: `relation_id_${req.relationId}`, password,
 *     endpoints: [{ host: primary, port: 5432 }], version: '16.9', tls: false, database: req.database });
 * }
 */
export class DatabaseProvider {
  readonly endpoint: string;
  readonly #charm: AnyCharm;

  constructor(charm: AnyCharm, options: DatabaseProviderOptions) {
    this.#charm = charm;
    this.endpoint = options.endpoint;
    charm.observe(
      'relation-changed',
      async (event: RelationEvent) => {
        if (!charm.unit.isLeader()) return;
        const seen = this.processChange(event.relation);
        if (seen && options.onRequest) await options.onRequest(seen);
      },
      { endpoint: options.endpoint, id: `${options.endpoint}:database-provider:changed` },
    );
  }

  /** Live relations on the endpoint. */
  get relations(): readonly Relation[] {
    return this.#charm.model.relations(this.endpoint);
  }

  /**
   * The request of one relation, or undefined while the requirer has not written `database`.
   *
   * @throws {InvalidRelationDataError} when the requirer's app bag is malformed.
   */
  request(relation: Relation): DatabaseRequest | undefined {
    const bag = relation.remoteAppData;
    if (bag.get('database') === undefined) return undefined;
    const raw = bag.parse(requestSchema);
    return {
      relation,
      relationId: relation.id,
      remoteApp: relation.remoteApp,
      database: raw.database,
      ...(raw['extra-user-roles'] === undefined ? {} : { extraUserRoles: raw['extra-user-roles'] }),
      ...(raw['extra-group-roles'] === undefined
        ? {}
        : { extraGroupRoles: raw['extra-group-roles'] }),
      ...(raw['entity-type'] === undefined ? {} : { entityType: raw['entity-type'] }),
      ...(raw['prefix-matching'] === undefined ? {} : { prefixMatching: raw['prefix-matching'] }),
      externalNodeConnectivity: raw['external-node-connectivity'] === 'true',
      ...(raw['requested-secrets'] === undefined
        ? {}
        : { requestedSecrets: raw['requested-secrets'] }),
    };
  }

  /** Requests of every relation that has one. */
  requests(): DatabaseRequest[] {
    return this.relations.flatMap((rel) => this.request(rel) ?? []);
  }

  /**
   * What data_interfaces does on the provider leader's `relation-changed`: rewrites `data`
   * (the requirer app bag minus `data`) in this app's bag and applies §2.4's provider rules.
   * Called automatically; leader only.
   */
  processChange(relation: Relation): DatabaseRequestEvent | undefined {
    const remote = relation.remoteAppData;
    const previous = readSnapshot(relation.localAppData);
    const current = snapshotOf(remote.toObject());
    const diff = diffSnapshots(previous, current);
    relation.localAppData.set('data', encodeSnapshot(current));
    const added = (key: string): boolean => diff.added.has(key);
    let kind: DatabaseRequestKind | undefined;
    if (added('database') && !added('entity-type')) kind = 'database-requested';
    else if (added('database') && added('entity-type')) kind = 'database-entity-requested';
    else if (added('entity-permissions') || diff.changed.has('entity-permissions')) {
      kind = 'database-entity-permissions-changed';
    }
    const request = kind && this.request(relation);
    return kind && request ? { kind, request, diff } : undefined;
  }

  /**
   * Publishes data for one relation (leader only). Secret fields (`username`, `password`,
   * `uris`, `read-only-uris`, `tls`, `tls-ca`) go into a secret per group when this Juju has
   * secrets and the requirer listed them in `requested-secrets`, unless the relation started
   * in clear (then they stay in clear, like the library's "fallback to databag").
   *
   * @throws {ModelError} for credentials published before the requirer's `database` arrived.
   * @throws {RelationDataAccessError} on a non-leader.
   */
  publish(relation: Relation, data: DatabaseData): void {
    const fields = wireFields(data);
    const premature = Object.keys(fields).filter((k) => !EARLY_KEYS.has(k));
    if (premature.length > 0 && relation.remoteAppData.get('database') === undefined) {
      throw new ModelError(
        `cannot publish ${premature.join(', ')} on ${relation.endpoint}:${relation.id}: the requirer has not asked for a database yet (wait for its database key)`,
      );
    }
    const bag = relation.localAppData;
    const requested = this.#secretFields(relation, bag);
    const plain: Record<string, string> = {};
    const grouped = new Map<SecretGroup, Record<string, string>>();
    for (const [key, value] of Object.entries(fields)) {
      if (!requested.has(key)) {
        plain[key] = value;
        continue;
      }
      const group = secretGroupOf(key);
      grouped.set(group, { ...grouped.get(group), [key]: value });
    }
    for (const [group, content] of grouped) this.#putSecret(relation, bag, group, content);
    bag.update(plain);
  }

  /** Secret fields in force: requested ones, unless secrets are off or the relation is in clear. */
  #secretFields(relation: Relation, bag: Databag): ReadonlySet<string> {
    if (!hasSecrets(this.#charm.framework.juju.version)) return new Set();
    const requested = this.request(relation)?.requestedSecrets ?? [];
    if (requested.some((field) => bag.get(field) !== undefined)) return new Set();
    return new Set(requested);
  }

  /** Creates or updates the group's secret, merging fields into its content. */
  #putSecret(
    relation: Relation,
    bag: Databag,
    group: SecretGroup,
    content: Readonly<Record<string, string>>,
  ): void {
    const key = secretKeyOf(group);
    const uri = bag.get(key);
    if (uri === undefined) {
      const label = secretLabel(this.endpoint, relation.id, group);
      const secret = this.#charm.app.addSecret(content, { label });
      secret.grant(relation);
      bag.set(key, secret.id as string);
      return;
    }
    const secret = this.#charm.model.getSecret({ id: uri });
    const current = secret.getContent();
    const merged = { ...current, ...content };
    if (Object.entries(merged).some(([k, v]) => current[k] !== v)) secret.setContent(merged);
  }
}

/** The wire keys and raw-string values of {@link DatabaseData}. */
function wireFields(data: DatabaseData): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put('username', data.username);
  put('password', data.password);
  put('endpoints', data.endpoints && formatEndpoints(data.endpoints));
  put('read-only-endpoints', data.readOnlyEndpoints && formatEndpoints(data.readOnlyEndpoints));
  put('uris', data.uris);
  put('read-only-uris', data.readOnlyUris);
  put('version', data.version);
  put('tls', data.tls === undefined ? undefined : data.tls ? 'True' : 'False');
  put('tls-ca', data.tlsCa);
  put('database', data.database);
  return out;
}
