/**
 * @module Juju's secret semantics for the in-memory backend (juju-semantics.md §4,
 * ops-protocol.md §6): owners see the latest revision, consumers the one they track until
 * they refresh, peek reads latest without tracking, app-owned secrets are managed by the
 * leader only, and every id form (`secret:<id>`, `secret://<model>/<id>`, bare) is one secret.
 */
import { hookToolError } from '@charmkit/ops';
import type {
  DatabagContent,
  SecretInfo,
  SecretLookup,
  SecretMetadataInput,
  SecretOwner,
} from '@charmkit/ops';
import { newSecretId } from './components.ts';
import type { SecretState } from './components.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SecretStoreOptions {
  readonly appName: string;
  readonly unitName: string;
  readonly isLeader: () => boolean;
  readonly modelUuid: string;
  readonly removed: { id: string; revision: number }[];
}

/** The bare 20-character id of any accepted form. */
export function bareId(id: string): string {
  return id.replace(/^secret:\/\/[^/]*\//, '').replace(/^secret:/, '');
}

export class SecretStore {
  readonly #secrets: Mutable<SecretState>[];
  readonly #opts: SecretStoreOptions;

  constructor(secrets: readonly SecretState[], options: SecretStoreOptions) {
    this.#secrets = secrets.map((s) => ({
      ...s,
      revisions: { ...s.revisions },
      remoteGrants: { ...s.remoteGrants },
    }));
    this.#opts = options;
  }

  snapshot(): SecretState[] {
    return this.#secrets.map((s) => Object.freeze({ ...s }));
  }

  #fail(tool: string, stderr: string): never {
    throw hookToolError(tool, `ERROR ${stderr}\n`, 1);
  }

  #find(tool: string, lookup: SecretLookup): Mutable<SecretState> {
    const secret = lookup.id
      ? this.#secrets.find((s) => bareId(s.id) === bareId(lookup.id!))
      : this.#secrets.find((s) => s.label !== undefined && s.label === lookup.label);
    if (!secret)
      this.#fail(tool, `secret "${lookup.id ? bareId(lookup.id) : lookup.label}" not found`);
    return secret;
  }

  /** Owners may manage; app-owned secrets need the leader (Juju: permission denied). */
  #manage(tool: string, id: string): Mutable<SecretState> {
    const secret = this.#find(tool, { id });
    if (!secret.owner) this.#fail(tool, 'permission denied');
    if (secret.owner === 'app' && !this.#opts.isLeader()) this.#fail(tool, 'permission denied');
    return secret;
  }

  add(
    content: DatabagContent,
    options: SecretMetadataInput & { readonly owner: SecretOwner },
  ): string {
    if (options.owner === 'application' && !this.#opts.isLeader()) {
      this.#fail('secret-add', 'this unit is not the leader');
    }
    if (
      options.label !== undefined &&
      this.#secrets.some((s) => s.owner && s.label === options.label)
    ) {
      this.#fail('secret-add', `secret with label "${options.label}" already exists`);
    }
    const id = newSecretId();
    this.#secrets.push({
      id,
      owner: options.owner === 'application' ? 'app' : 'unit',
      revisions: { 1: { ...content } },
      trackedRevision: 1,
      ...metadata(options),
      remoteGrants: {},
    });
    return id;
  }

  get(lookup: SecretLookup, options: { refresh?: boolean; peek?: boolean } = {}): DatabagContent {
    const secret = this.#find('secret-get', lookup);
    if (lookup.id && lookup.label !== undefined) secret.label = lookup.label;
    const latest = latestRevision(secret);
    if (secret.owner || options.peek) return { ...secret.revisions[latest] };
    if (options.refresh) secret.trackedRevision = latest;
    return { ...secret.revisions[secret.trackedRevision] };
  }

  info(lookup: SecretLookup): SecretInfo {
    const secret = this.#find('secret-info-get', lookup);
    if (!secret.owner) this.#fail('secret-info-get', `secret "${bareId(secret.id)}" not found`);
    return {
      id: bareId(secret.id),
      label: secret.label ?? '',
      revision: latestRevision(secret),
      owner: secret.owner === 'app' ? 'application' : 'unit',
      ...(secret.description === undefined ? {} : { description: secret.description }),
      ...(secret.expire === undefined ? {} : { expiry: secret.expire }),
      ...(secret.rotate === undefined ? {} : { rotation: secret.rotate }),
    };
  }

  set(id: string, update: SecretMetadataInput & { readonly content?: DatabagContent }): void {
    const secret = this.#manage('secret-set', id);
    if (update.content) {
      secret.revisions = {
        ...secret.revisions,
        [latestRevision(secret) + 1]: { ...update.content },
      };
    }
    Object.assign(secret, metadata(update));
  }

  grant(id: string, relationId: number, target: string): void {
    const secret = this.#manage('secret-grant', id);
    const current = secret.remoteGrants[relationId] ?? [];
    if (!current.includes(target)) {
      secret.remoteGrants = { ...secret.remoteGrants, [relationId]: [...current, target] };
    }
  }

  revoke(id: string, relationId: number, target?: string): void {
    const secret = this.#manage('secret-revoke', id);
    const grants = { ...secret.remoteGrants };
    const kept = target === undefined ? [] : (grants[relationId] ?? []).filter((t) => t !== target);
    if (kept.length > 0) grants[relationId] = kept;
    else delete grants[relationId];
    secret.remoteGrants = grants;
  }

  remove(id: string, revision?: number): void {
    const secret = this.#manage('secret-remove', id);
    const revisions =
      revision === undefined ? Object.keys(secret.revisions).map(Number) : [revision];
    for (const rev of revisions) {
      if (!(rev in secret.revisions))
        this.#fail('secret-remove', `secret revision ${rev} not found`);
      this.#opts.removed.push({ id: secret.id, revision: rev });
    }
    if (revision === undefined) {
      this.#secrets.splice(this.#secrets.indexOf(secret), 1);
      return;
    }
    const rest = { ...secret.revisions };
    delete rest[revision];
    secret.revisions = rest;
  }

  ids(): string[] {
    return this.#secrets.filter((s) => s.owner).map((s) => s.id);
  }
}

function latestRevision(secret: SecretState): number {
  return Math.max(0, ...Object.keys(secret.revisions).map(Number));
}

function metadata(input: SecretMetadataInput): Partial<SecretState> {
  return {
    ...(input.label === undefined ? {} : { label: input.label }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.expire === undefined ? {} : { expire: input.expire }),
    ...(input.rotate === undefined ? {} : { rotate: input.rotate }),
  };
}
