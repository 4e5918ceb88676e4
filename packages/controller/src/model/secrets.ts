/**
 * @module Juju's secrets (juju-semantics.md §4) as the store keeps them: owner (application
 * or unit), owner label, revisions (encrypted), consumers with their tracked revision and
 * consumer label, grants, rotation and expiry. Access rules live in the hook session.
 */
import { randomBytes } from 'node:crypto';
import type { SQLOutputValue } from 'node:sqlite';
import type { SecretRotatePolicy } from '@charmkit/ops';
import type { Store } from '../store/database.ts';
import type { SecretCipher } from '../store/crypto.ts';
import { nowIso } from './repository.ts';

export type SecretOwnerKind = 'application' | 'unit' | 'model';

export interface SecretRecord {
  readonly id: string;
  readonly ownerKind: SecretOwnerKind;
  /** App name or unit name. */
  readonly owner: string;
  readonly label?: string;
  readonly description?: string;
  readonly rotate?: SecretRotatePolicy;
  readonly nextRotate?: string;
  readonly latestRevision: number;
  readonly created: string;
  readonly updated: string;
}

export interface SecretConsumer {
  readonly unit: string;
  readonly trackedRevision: number;
  readonly notifiedRevision: number;
  readonly label?: string;
}

type Row = Record<string, SQLOutputValue>;
const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** A new id in Juju's shape: 20 characters of base32hex (an xid). */
export function newSecretId(): string {
  return [...randomBytes(20)].map((b) => ALPHABET[b % 32]).join('');
}

/** The bare id of `secret:<id>`, `secret://<model>/<id>` or `<id>`. */
export function bareSecretId(uri: string): string {
  return uri.replace(/^secret:\/\/[^/]*\//, '').replace(/^secret:/, '');
}

const ROTATE_MS: Record<string, number> = {
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30 * 86_400_000,
  quarterly: 90 * 86_400_000,
  yearly: 365 * 86_400_000,
};

export function nextRotation(
  policy: SecretRotatePolicy | undefined,
  from = Date.now(),
): string | undefined {
  const ms = policy ? ROTATE_MS[policy] : undefined;
  return ms === undefined ? undefined : new Date(from + ms).toISOString();
}

function record(row: Row): SecretRecord {
  const opt = (key: string): string | undefined =>
    row[key] === null ? undefined : String(row[key]);
  return {
    id: String(row.id),
    ownerKind: String(row.owner_kind) as SecretOwnerKind,
    owner: String(row.owner),
    ...(opt('label') === undefined ? {} : { label: opt('label')! }),
    ...(opt('description') === undefined ? {} : { description: opt('description')! }),
    ...(opt('rotate') === undefined ? {} : { rotate: opt('rotate') as SecretRotatePolicy }),
    ...(opt('next_rotate') === undefined ? {} : { nextRotate: opt('next_rotate')! }),
    latestRevision: Number(row.latest_revision),
    created: String(row.created),
    updated: String(row.updated),
  };
}

export class Secrets {
  readonly #store: Store;
  readonly #cipher: SecretCipher;

  constructor(store: Store, cipher: SecretCipher) {
    this.#store = store;
    this.#cipher = cipher;
  }

  get(model: string, id: string): SecretRecord | undefined {
    const row = this.#store.get<Row>(
      'SELECT * FROM secrets WHERE model_uuid = ? AND id = ?',
      model,
      bareSecretId(id),
    );
    return row ? record(row) : undefined;
  }

  /** Secrets owned by any of `owners` (a unit and its application). */
  owned(model: string, owners: readonly string[]): SecretRecord[] {
    return this.#store
      .all<Row>(
        `SELECT * FROM secrets WHERE model_uuid = ? AND owner IN (${owners.map(() => '?').join(',')}) ORDER BY id`,
        model,
        ...owners,
      )
      .map(record);
  }

  all(model: string): SecretRecord[] {
    return this.#store
      .all<Row>('SELECT * FROM secrets WHERE model_uuid = ? ORDER BY id', model)
      .map(record);
  }

  create(
    model: string,
    secret: {
      id: string;
      ownerKind: SecretOwnerKind;
      owner: string;
      label?: string;
      description?: string;
      rotate?: SecretRotatePolicy;
    },
    content: Readonly<Record<string, string>>,
    expire?: Date,
  ): void {
    const now = nowIso();
    this.#store.run(
      `INSERT INTO secrets (model_uuid, id, owner_kind, owner, label, description, rotate, next_rotate, latest_revision, created, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      model,
      secret.id,
      secret.ownerKind,
      secret.owner,
      secret.label ?? null,
      secret.description ?? null,
      secret.rotate ?? null,
      nextRotation(secret.rotate) ?? null,
      now,
      now,
    );
    this.addRevision(model, secret.id, content, expire);
  }

  addRevision(
    model: string,
    id: string,
    content: Readonly<Record<string, string>>,
    expire?: Date,
  ): number {
    const current = this.get(model, id)!;
    const revision = current.latestRevision + 1;
    this.#store.run(
      'INSERT INTO secret_revisions (model_uuid, secret_id, revision, content, expire, created) VALUES (?, ?, ?, ?, ?, ?)',
      model,
      id,
      revision,
      this.#cipher.encrypt(content),
      expire?.toISOString() ?? null,
      nowIso(),
    );
    this.#store.run(
      'UPDATE secrets SET latest_revision = ?, updated = ?, next_rotate = ? WHERE model_uuid = ? AND id = ?',
      revision,
      nowIso(),
      nextRotation(current.rotate) ?? null,
      model,
      id,
    );
    return revision;
  }

  updateMetadata(
    model: string,
    id: string,
    meta: { label?: string; description?: string; rotate?: SecretRotatePolicy },
  ): void {
    const fields: [string, string | null][] = [];
    if (meta.label !== undefined) fields.push(['label', meta.label]);
    if (meta.description !== undefined) fields.push(['description', meta.description]);
    if (meta.rotate !== undefined)
      fields.push(['rotate', meta.rotate], ['next_rotate', nextRotation(meta.rotate) ?? null]);
    for (const [column, value] of fields) {
      this.#store.run(
        `UPDATE secrets SET ${column} = ?, updated = ? WHERE model_uuid = ? AND id = ?`,
        value,
        nowIso(),
        model,
        id,
      );
    }
  }

  /**
   * Whether a rotation, a revision's expiry or an expiry's 5-minute re-report came due in
   * `(from, to]` (epoch ms): the controller's clock wakes the agents then.
   */
  dueBetween(model: string, from: number, to: number, retryMs: number): boolean {
    const inWindow = (t: number): boolean => t > from && t <= to;
    const rotations = this.#store.all<Row>(
      'SELECT next_rotate AS at FROM secrets WHERE model_uuid = ? AND next_rotate IS NOT NULL',
      model,
    );
    if (rotations.some((r) => inWindow(Date.parse(String(r.at))))) return true;
    const expiries = this.#store.all<Row>(
      'SELECT expire AS at FROM secret_revisions WHERE model_uuid = ? AND expire IS NOT NULL',
      model,
    );
    return expiries.some((r) => {
      const at = Date.parse(String(r.at));
      if (at > to) return false;
      // The latest report time at or before `to`: the expiry itself or a retry after it.
      const latest = at + Math.floor((to - at) / retryMs) * retryMs;
      return inWindow(latest);
    });
  }

  /** `secret-set --expire` without new content: the latest revision expires at `expire`. */
  setLatestExpiry(model: string, id: string, expire: Date): void {
    this.#store.run(
      `UPDATE secret_revisions SET expire = ? WHERE model_uuid = ? AND secret_id = ?
         AND revision = (SELECT latest_revision FROM secrets WHERE model_uuid = ? AND id = ?)`,
      expire.toISOString(),
      model,
      id,
      model,
      id,
    );
  }

  /** Postpones rotation (`secret-rotate` ran without a new revision: Juju retries in 5 min). */
  postponeRotation(model: string, id: string, until: Date): void {
    this.#store.run(
      'UPDATE secrets SET next_rotate = ? WHERE model_uuid = ? AND id = ?',
      until.toISOString(),
      model,
      id,
    );
  }

  content(model: string, id: string, revision: number): Record<string, string> | undefined {
    const row = this.#store.get<Row>(
      'SELECT content FROM secret_revisions WHERE model_uuid = ? AND secret_id = ? AND revision = ?',
      model,
      id,
      revision,
    );
    return row ? this.#cipher.decrypt(row.content as Uint8Array) : undefined;
  }

  revisions(model: string, id: string): { revision: number; expire?: string; created: string }[] {
    return this.#store
      .all<Row>(
        'SELECT revision, expire, created FROM secret_revisions WHERE model_uuid = ? AND secret_id = ? ORDER BY revision',
        model,
        id,
      )
      .map((r) => ({
        revision: Number(r.revision),
        created: String(r.created),
        ...(r.expire === null ? {} : { expire: String(r.expire) }),
      }));
  }

  removeRevision(model: string, id: string, revision: number): boolean {
    return (
      this.#store.run(
        'DELETE FROM secret_revisions WHERE model_uuid = ? AND secret_id = ? AND revision = ?',
        model,
        id,
        revision,
      ).changes > 0
    );
  }

  remove(model: string, id: string): void {
    for (const table of ['secret_revisions', 'secret_consumers', 'secret_grants']) {
      this.#store.run(`DELETE FROM ${table} WHERE model_uuid = ? AND secret_id = ?`, model, id);
    }
    this.#store.run('DELETE FROM secrets WHERE model_uuid = ? AND id = ?', model, id);
  }

  consumer(model: string, id: string, unit: string): SecretConsumer | undefined {
    const row = this.#store.get<Row>(
      'SELECT * FROM secret_consumers WHERE model_uuid = ? AND secret_id = ? AND unit = ?',
      model,
      id,
      unit,
    );
    return row ? consumerFromRow(row) : undefined;
  }

  consumers(model: string, id?: string): (SecretConsumer & { secretId: string })[] {
    const rows =
      id === undefined
        ? this.#store.all<Row>('SELECT * FROM secret_consumers WHERE model_uuid = ?', model)
        : this.#store.all<Row>(
            'SELECT * FROM secret_consumers WHERE model_uuid = ? AND secret_id = ?',
            model,
            id,
          );
    return rows.map((r) => ({ ...consumerFromRow(r), secretId: String(r.secret_id) }));
  }

  byConsumerLabel(model: string, unit: string, label: string): string | undefined {
    const row = this.#store.get<Row>(
      'SELECT secret_id FROM secret_consumers WHERE model_uuid = ? AND unit = ? AND label = ?',
      model,
      unit,
      label,
    );
    return row ? String(row.secret_id) : undefined;
  }

  setConsumer(model: string, id: string, consumer: SecretConsumer): void {
    this.#store.run(
      `INSERT INTO secret_consumers (model_uuid, secret_id, unit, tracked_revision, notified_revision, label) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET tracked_revision = excluded.tracked_revision, notified_revision = excluded.notified_revision, label = excluded.label`,
      model,
      id,
      consumer.unit,
      consumer.trackedRevision,
      consumer.notifiedRevision,
      consumer.label ?? null,
    );
  }

  grants(model: string, id: string): { target: string; relationId: number | null }[] {
    return this.#store
      .all<Row>(
        'SELECT target, relation_id FROM secret_grants WHERE model_uuid = ? AND secret_id = ?',
        model,
        id,
      )
      .map((r) => ({
        target: String(r.target),
        relationId: r.relation_id === null ? null : Number(r.relation_id),
      }));
  }

  grant(model: string, id: string, target: string, relationId: number | null): void {
    this.#store.run(
      'INSERT OR REPLACE INTO secret_grants (model_uuid, secret_id, target, relation_id) VALUES (?, ?, ?, ?)',
      model,
      id,
      target,
      relationId,
    );
  }

  revoke(model: string, id: string, target: string): void {
    this.#store.run(
      'DELETE FROM secret_grants WHERE model_uuid = ? AND secret_id = ? AND target = ?',
      model,
      id,
      target,
    );
  }

  /** Drops grants scoped to a relation that is gone. */
  revokeRelation(model: string, relationId: number): void {
    this.#store.run(
      'DELETE FROM secret_grants WHERE model_uuid = ? AND relation_id = ?',
      model,
      relationId,
    );
  }
}

function consumerFromRow(row: Row): SecretConsumer {
  return {
    unit: String(row.unit),
    trackedRevision: Number(row.tracked_revision),
    notifiedRevision: Number(row.notified_revision),
    ...(row.label === null ? {} : { label: String(row.label) }),
  };
}
