/**
 * @module A Juju secret (ops-protocol.md §6, juju-semantics.md §4). Owners read the latest
 * revision; consumers read the revision they track until they `refresh`. Content is cached
 * for the dispatch; `peekContent` never is.
 */
import type {
  DatabagContent,
  SecretInfo,
  SecretLookup,
  SecretMetadataInput,
  SecretOwner,
} from '../backend/backend.ts';
import { ModelError } from '../errors.ts';
import type { ModelContext } from './model-context.ts';

const KEY_RE = /^([a-z](?:-?[a-z0-9]){2,})$/;

/** Options for creating a secret (`secret-add`). */
export type AddSecretOptions = SecretMetadataInput;

/**
 * Checks secret content the way Juju will: a non-empty object, keys of at least three
 * lower-case letters, digits or single dashes starting with a letter, string values.
 *
 * @throws {ModelError} naming the offending key.
 */
export function validateSecretContent(
  content: Readonly<Record<string, unknown>>,
): asserts content is DatabagContent {
  const keys = Object.keys(content);
  if (keys.length === 0) throw new ModelError('secret content must not be empty');
  for (const key of keys) {
    if (!KEY_RE.test(key)) {
      throw new ModelError(
        `invalid secret key "${key}": keys are 3 or more lower-case letters, digits or single dashes, starting with a letter`,
      );
    }
    if (typeof content[key] !== 'string')
      throw new ModelError(`secret value for "${key}" must be a string`);
  }
}

/** Strips `secret:` or `secret://<model>/` to the bare 20-character id. */
export function bareSecretId(id: string): string {
  if (id.startsWith('secret://')) return id.slice(id.lastIndexOf('/') + 1);
  if (id.startsWith('secret:')) return id.slice('secret:'.length);
  return id;
}

export class Secret {
  #id: string | undefined;
  #label: string | undefined;
  #content: DatabagContent | undefined;
  readonly #ctx: ModelContext;

  /** @internal Use `model.getSecret()`, `app.addSecret()` or `unit.addSecret()`. */
  constructor(ctx: ModelContext, lookup: SecretLookup, content?: DatabagContent) {
    this.#ctx = ctx;
    this.#id =
      lookup.id === undefined ? undefined : canonicalSecretId(lookup.id, ctx.juju.modelUuid);
    this.#label = lookup.label;
    this.#content = content;
  }

  /** The secret's URI, when known (`secret:<id>`), or undefined for a secret obtained by label. */
  get id(): string | undefined {
    return this.#id;
  }

  /** The owner label or this unit's consumer label. */
  get label(): string | undefined {
    return this.#label;
  }

  /** The bare id, the same whatever form the URI took. */
  get uniqueIdentifier(): string | undefined {
    return this.#id === undefined ? undefined : bareSecretId(this.#id);
  }

  /**
   * The content: the revision this unit tracks (owners: the latest). With `refresh`, moves
   * tracking to the latest revision. Same as `secret-get [--refresh]`.
   */
  getContent(options?: { readonly refresh?: boolean }): Record<string, string> {
    if (this.#content === undefined || options?.refresh) {
      this.#content = this.#ctx.backend.secretGet(this.#lookup(), {
        refresh: options?.refresh ?? false,
      });
    }
    return { ...this.#content };
  }

  /** The latest revision's content without tracking it. Same as `secret-get --peek`. */
  peekContent(): Record<string, string> {
    return { ...this.#ctx.backend.secretGet(this.#lookup(), { peek: true }) };
  }

  /** Metadata (owners only). Same as `secret-info-get`. */
  getInfo(): SecretInfo {
    const info = this.#ctx.backend.secretInfoGet(this.#id ? { id: this.#id } : this.#lookup());
    this.#id ??= `secret:${info.id}`;
    return info;
  }

  /** Creates a new revision with this content. Same as `secret-set <id> key#file=…`. */
  setContent(content: Readonly<Record<string, string>>): void {
    validateSecretContent(content);
    this.#ctx.backend.secretSet(this.#requireId(), { content });
  }

  /** Changes metadata without a new revision. Same as `secret-set <id> --label … --rotate …`. */
  setInfo(info: SecretMetadataInput): void {
    if (Object.values(info).every((v) => v === undefined)) {
      throw new ModelError('setInfo needs at least one of label, description, expire, rotate');
    }
    this.#ctx.backend.secretSet(this.#requireId(), info);
    if (info.label !== undefined) this.#label = info.label;
  }

  /** Lets the remote app of a relation (or one of its units) read this secret. */
  grant(relation: { readonly id: number }, unit?: string): void {
    this.#ctx.backend.secretGrant(this.#requireId(), relation.id, unit);
  }

  /** Takes a grant back. */
  revoke(relation: { readonly id: number }, unit?: string): void {
    this.#ctx.backend.secretRevoke(this.#requireId(), relation.id, unit);
  }

  /** Removes one revision (usually from a secret-remove or secret-expired handler). */
  removeRevision(revision: number): void {
    this.#ctx.backend.secretRemove(this.#requireId(), revision);
  }

  /** Removes the secret with every revision. */
  removeAllRevisions(): void {
    this.#ctx.backend.secretRemove(this.#requireId());
  }

  #lookup(): SecretLookup {
    return {
      ...(this.#id !== undefined ? { id: this.#id } : {}),
      ...(this.#label !== undefined ? { label: this.#label } : {}),
    };
  }

  #requireId(): string {
    if (this.#id === undefined) this.getInfo();
    return this.#id as string;
  }
}

/** Keeps `secret:` URIs; turns a bare id into `secret://<model-uuid>/<id>` as ops does. */
export function canonicalSecretId(id: string, modelUuid: string): string {
  if (id.startsWith('secret:')) return id;
  return modelUuid ? `secret://${modelUuid}/${id}` : `secret:${id}`;
}

/** Owner kind of a newly added secret. */
export type { SecretOwner };
