/**
 * @module One relation databag with the access rules ops enforces client-side
 * (ops-protocol.md §5): strings only, `''` deletes, own app bag leader-only (peer app bags are
 * readable by every unit), remote bags read-only. Reads are lazy and cached; writes send only
 * the keys that change and are staged by Juju until the hook ends.
 */
import type { z } from 'zod';
import type { DatabagContent, RelationRef } from '../backend/backend.ts';
import {
  InvalidRelationDataError,
  RelationDataAccessError,
  RelationDataTypeError,
} from '../errors.ts';
import type { ModelContext } from './model-context.ts';
import { issuesFromZod } from './zod-issues.ts';

/** Who a bag belongs to, seen from this unit. */
export type DatabagOwnerKind = 'local-unit' | 'local-app' | 'remote-unit' | 'remote-app';

export class Databag {
  readonly relation: RelationRef;
  /** Unit or application name owning the bag. */
  readonly owner: string;
  readonly ownerKind: DatabagOwnerKind;
  readonly #ctx: ModelContext;
  #content: Record<string, string> | undefined;

  constructor(
    ctx: ModelContext,
    relation: RelationRef,
    owner: string,
    ownerKind: DatabagOwnerKind,
  ) {
    this.#ctx = ctx;
    this.relation = relation;
    this.owner = owner;
    this.ownerKind = ownerKind;
  }

  /** Whether this unit may write here now (own unit bag; own app bag on the leader). */
  get writable(): boolean {
    if (this.ownerKind === 'local-unit') return true;
    return this.ownerKind === 'local-app' && this.#ctx.isLeader();
  }

  /** Reads one key. Same as `relation-get -r <id> <key> <owner>`. */
  get(key: string): string | undefined {
    return this.#read()[key];
  }

  /** A copy of the whole bag. */
  toObject(): Record<string, string> {
    return { ...this.#read() };
  }

  /** Keys in the bag. */
  keys(): string[] {
    return Object.keys(this.#read());
  }

  /**
   * Validates the bag with a zod schema.
   *
   * @throws {InvalidRelationDataError} naming the relation, owner and every bad field; the
   *   framework turns it into a `blocked` status when it escapes `reconcile()`.
   * @example
   * const { host, port } = relation.remoteAppData.parse(z.object({ host: z.string(), port: z.coerce.number() }));
   */
  parse<S extends z.ZodType>(schema: S): z.infer<S> {
    const result = schema.safeParse(this.#read());
    if (result.success) return result.data;
    throw new InvalidRelationDataError(
      { relationId: this.relation.id, endpoint: this.relation.endpoint, owner: this.owner },
      issuesFromZod(result.error),
    );
  }

  /** Sets one key; `''` deletes it. Same as `relation-set -r <id> key=value`. */
  set(key: string, value: string): void {
    this.update({ [key]: value });
  }

  /** Deletes one key. */
  delete(key: string): void {
    this.update({ [key]: '' });
  }

  /**
   * Writes several keys in one `relation-set`; only keys whose value changes are sent.
   *
   * @throws {RelationDataTypeError} for a non-string key or value.
   * @throws {RelationDataAccessError} when this unit may not write this bag.
   */
  update(changes: Readonly<Record<string, string>>): void {
    this.#assertWritable();
    const current = this.#read();
    const delta: Record<string, string> = {};
    for (const [key, value] of Object.entries(changes)) {
      if (typeof value !== 'string') {
        throw new RelationDataTypeError(
          `relation data values must be strings: ${key} on ${this.relation.endpoint}:${this.relation.id} is ${typeof value}`,
        );
      }
      if ((current[key] ?? '') !== value) delta[key] = value;
    }
    if (Object.keys(delta).length === 0) return;
    this.#ctx.backend.relationSet(this.relation, delta, this.ownerKind === 'local-app');
    for (const [key, value] of Object.entries(delta)) {
      if (value === '') delete current[key];
      else current[key] = value;
    }
  }

  #read(): Record<string, string> {
    if (this.#content) return this.#content;
    if (
      this.ownerKind === 'local-app' &&
      !this.#ctx.isPeerEndpoint(this.relation.endpoint) &&
      !this.#ctx.isLeader()
    ) {
      throw new RelationDataAccessError(
        `${this.#ctx.juju.unitName} is not leader and cannot read its own application databag of ${this.relation.endpoint}:${this.relation.id} (check isLeader() first)`,
        { relationId: this.relation.id, unitName: this.#ctx.juju.unitName },
      );
    }
    // A relation whose remote app Juju no longer knows has no remote app bag to read.
    if (this.owner === '') return (this.#content = {});
    const content: DatabagContent = this.#ctx.backend.relationGet(
      this.relation,
      this.owner,
      this.ownerKind.endsWith('app'),
    );
    this.#content = { ...content };
    return this.#content;
  }

  #assertWritable(): void {
    const unit = this.#ctx.juju.unitName;
    const where = `${this.relation.endpoint}:${this.relation.id}`;
    const fail = (message: string): never => {
      throw new RelationDataAccessError(message, { relationId: this.relation.id, unitName: unit });
    };
    switch (this.ownerKind) {
      case 'local-unit':
        return;
      case 'local-app':
        if (!this.#ctx.isLeader()) {
          fail(
            `cannot write app databag of relation ${where} from unit ${unit}: only the leader may (check isLeader())`,
          );
        }
        return;
      case 'remote-unit':
        fail(`${unit} cannot write databag of ${this.owner} on ${where}: not the same unit`);
        return;
      case 'remote-app':
        fail(
          `${this.#ctx.juju.appName} cannot write the data of remote application ${this.owner} on ${where}`,
        );
    }
  }
}
