/**
 * @module One hook's view of Juju secrets (juju-semantics.md §4): who may read, manage and
 * grant what, owner and consumer labels, tracked revisions with `--peek`/`--refresh`. Changes
 * are staged and applied with the hook's other writes; reads in the same hook see them.
 */
import { hookToolError } from '@charmkit/ops';
import type {
  DatabagContent,
  SecretInfo,
  SecretLookup,
  SecretMetadataInput,
  SecretOwner,
} from '@charmkit/ops';
import type { SecretRecord, Secrets } from '../model/secrets.ts';
import { bareSecretId, newSecretId } from '../model/secrets.ts';

export interface SecretSessionContext {
  readonly model: string;
  readonly unit: string;
  readonly app: string;
  readonly isLeader: () => boolean;
  /** The remote app of a relation this unit is in, or undefined when it is not. */
  readonly remoteAppOf: (relationId: number) => string | undefined;
}

interface Pending {
  readonly record: SecretRecord;
  content?: Record<string, string>;
}

const fail = (tool: string, message: string): never => {
  throw hookToolError(tool, `ERROR ${message}\n`, 1);
};

export class SecretSession {
  readonly #secrets: Secrets;
  readonly #c: SecretSessionContext;
  readonly #pending = new Map<string, Pending>();
  /** The latest revision's expiry as this hook left it (`null`: none), until committed. */
  readonly #expiries = new Map<string, Date | null>();
  readonly #ops: (() => void)[] = [];

  constructor(secrets: Secrets, context: SecretSessionContext) {
    this.#secrets = secrets;
    this.#c = context;
  }

  /** Applies the staged changes (inside the hook's commit transaction). */
  commit(): void {
    for (const op of this.#ops) op();
  }

  #record(id: string): SecretRecord | undefined {
    return this.#pending.get(id)?.record ?? this.#secrets.get(this.#c.model, id);
  }

  #isOwner(record: SecretRecord): boolean {
    return record.ownerKind === 'unit'
      ? record.owner === this.#c.unit
      : record.owner === this.#c.app;
  }

  #canManage(record: SecretRecord): boolean {
    return record.ownerKind === 'unit'
      ? record.owner === this.#c.unit
      : record.owner === this.#c.app && this.#c.isLeader();
  }

  #canRead(record: SecretRecord): boolean {
    if (this.#isOwner(record)) return true;
    const grants = this.#secrets.grants(this.#c.model, record.id);
    return grants.some((g) => g.target === this.#c.app || g.target === this.#c.unit);
  }

  /** Resolves a lookup to an id: URI, owner label (owners), consumer label (consumers). */
  #resolve(tool: string, lookup: SecretLookup): string {
    if (lookup.id) {
      const id = bareSecretId(lookup.id);
      if (!this.#record(id)) fail(tool, `secret "${id}" not found`);
      return id;
    }
    const label = lookup.label ?? '';
    for (const [id, p] of this.#pending)
      if (p.record.label === label && this.#isOwner(p.record)) return id;
    const owned = this.#secrets
      .owned(this.#c.model, [this.#c.unit, this.#c.app])
      .find((s) => s.label === label);
    if (owned) return owned.id;
    return (
      this.#secrets.byConsumerLabel(this.#c.model, this.#c.unit, label) ??
      fail(tool, `secret with label "${label}" not found`)
    );
  }

  #latestContent(id: string, record: SecretRecord): Record<string, string> {
    return (
      this.#pending.get(id)?.content ??
      this.#secrets.content(this.#c.model, id, record.latestRevision) ??
      {}
    );
  }

  add(
    content: DatabagContent,
    options: SecretMetadataInput & { readonly owner: SecretOwner },
  ): string {
    if (options.owner === 'application' && !this.#c.isLeader())
      fail('secret-add', 'this unit is not the leader');
    const owner = options.owner === 'application' ? this.#c.app : this.#c.unit;
    if (
      options.label !== undefined &&
      this.#secrets.owned(this.#c.model, [owner]).some((s) => s.label === options.label)
    ) {
      fail('secret-add', `secret with label "${options.label}" already exists`);
    }
    const id = newSecretId();
    const now = new Date().toISOString();
    const record: SecretRecord = {
      id,
      ownerKind: options.owner,
      owner,
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.rotate === undefined ? {} : { rotate: options.rotate }),
      latestRevision: 1,
      created: now,
      updated: now,
    };
    this.#pending.set(id, { record, content: { ...content } });
    this.#expiries.set(id, options.expire ?? null);
    this.#ops.push(() => this.#secrets.create(this.#c.model, record, content, options.expire));
    return `secret:${id}`;
  }

  get(
    lookup: SecretLookup,
    options: { readonly refresh?: boolean; readonly peek?: boolean } = {},
  ): DatabagContent {
    const id = this.#resolve('secret-get', lookup);
    const record = this.#record(id)!;
    if (!this.#canRead(record)) fail('secret-get', 'permission denied');
    if (this.#isOwner(record)) {
      if (lookup.id && lookup.label !== undefined && lookup.label !== record.label)
        this.#stageMetadata(id, { label: lookup.label });
      return this.#latestContent(id, record);
    }
    const consumer = this.#secrets.consumer(this.#c.model, id, this.#c.unit);
    const latest = record.latestRevision;
    const tracked = !consumer || options.refresh ? latest : consumer.trackedRevision;
    const label = lookup.id && lookup.label !== undefined ? lookup.label : consumer?.label;
    if (!options.peek) {
      const next = {
        unit: this.#c.unit,
        trackedRevision: tracked,
        notifiedRevision: Math.max(tracked, consumer?.notifiedRevision ?? 0),
        ...(label === undefined ? {} : { label }),
      };
      this.#ops.push(() => this.#secrets.setConsumer(this.#c.model, id, next));
    }
    return this.#secrets.content(this.#c.model, id, options.peek ? latest : tracked) ?? {};
  }

  info(lookup: SecretLookup): SecretInfo {
    const id = this.#resolve('secret-info-get', lookup);
    const record = this.#record(id)!;
    if (!this.#isOwner(record)) fail('secret-info-get', `secret "${id}" not found`);
    const expiry = this.#expiry(id, record.latestRevision);
    return {
      id,
      label: record.label ?? '',
      revision: record.latestRevision,
      owner: record.ownerKind === 'unit' ? 'unit' : 'application',
      ...(record.description === undefined ? {} : { description: record.description }),
      ...(record.rotate === undefined ? {} : { rotation: record.rotate }),
      ...(expiry ? { expiry } : {}),
      ...(record.nextRotate === undefined ? {} : { rotates: new Date(record.nextRotate) }),
    };
  }

  /** When the latest revision expires, as staged in this hook or stored. */
  #expiry(id: string, revision: number): Date | undefined {
    if (this.#expiries.has(id)) return this.#expiries.get(id) ?? undefined;
    const stored = this.#secrets.revisions(this.#c.model, id).find((r) => r.revision === revision);
    return stored?.expire ? new Date(stored.expire) : undefined;
  }

  #manage(tool: string, uri: string): SecretRecord {
    const id = bareSecretId(uri);
    const record = this.#record(id) ?? fail(tool, `secret "${id}" not found`);
    if (!this.#canManage(record)) fail(tool, 'permission denied');
    return record;
  }

  #stageMetadata(
    id: string,
    meta: { label?: string; description?: string; rotate?: SecretMetadataInput['rotate'] },
  ): void {
    const pending = this.#pending.get(id);
    const record = { ...this.#record(id)!, ...meta };
    this.#pending.set(id, { record, ...(pending?.content ? { content: pending.content } : {}) });
    this.#ops.push(() => this.#secrets.updateMetadata(this.#c.model, id, meta));
  }

  set(uri: string, update: SecretMetadataInput & { readonly content?: DatabagContent }): void {
    const record = this.#manage('secret-set', uri);
    const { id } = record;
    const meta = {
      ...(update.label === undefined ? {} : { label: update.label }),
      ...(update.description === undefined ? {} : { description: update.description }),
      ...(update.rotate === undefined ? {} : { rotate: update.rotate }),
    };
    if (Object.keys(meta).length > 0) this.#stageMetadata(id, meta);
    if (update.content) {
      const content = { ...update.content };
      const current = this.#pending.get(id);
      this.#pending.set(id, {
        record: {
          ...(current?.record ?? record),
          latestRevision: (current?.record ?? record).latestRevision + 1,
        },
        content,
      });
      this.#expiries.set(id, update.expire ?? null);
      this.#ops.push(() => this.#secrets.addRevision(this.#c.model, id, content, update.expire));
    } else if (update.expire) {
      // `secret-set --expire` alone: the latest revision expires then.
      const expire = update.expire;
      this.#expiries.set(id, expire);
      this.#ops.push(() => this.#secrets.setLatestExpiry(this.#c.model, id, expire));
    }
  }

  grant(uri: string, relationId: number, unit?: string): void {
    const { id } = this.#manage('secret-grant', uri);
    const remote =
      this.#c.remoteAppOf(relationId) ?? fail('secret-grant', `relation ${relationId} not found`);
    if (unit !== undefined && !unit.startsWith(`${remote}/`))
      fail('secret-grant', `unit "${unit}" is not in relation ${relationId}`);
    this.#ops.push(() => this.#secrets.grant(this.#c.model, id, unit ?? remote, relationId));
  }

  revoke(uri: string, relationId: number, unit?: string): void {
    const { id } = this.#manage('secret-revoke', uri);
    const remote =
      this.#c.remoteAppOf(relationId) ?? fail('secret-revoke', `relation ${relationId} not found`);
    this.#ops.push(() => this.#secrets.revoke(this.#c.model, id, unit ?? remote));
  }

  remove(uri: string, revision?: number): void {
    const { id } = this.#manage('secret-remove', uri);
    if (revision === undefined) this.#ops.push(() => this.#secrets.remove(this.#c.model, id));
    else this.#ops.push(() => void this.#secrets.removeRevision(this.#c.model, id, revision));
  }

  ids(): string[] {
    const owned = this.#secrets.owned(this.#c.model, [this.#c.unit, this.#c.app]).map((s) => s.id);
    return [...new Set([...owned, ...this.#pending.keys()])].map((id) => `secret:${id}`);
  }
}
