/**
 * @module User secrets (`juju add-secret`, juju-semantics.md §4.7): secrets the model owns,
 * named by the operator, granted to applications, and read by charms through `secret-get`
 * like any other. They live in the same table as charm secrets with owner kind `model` and
 * the model's UUID as owner (never equal to a unit or application name), the name as label.
 * The JSON shapes are those `juju secrets` / `juju show-secret --format json` print.
 */
import { createHash } from 'node:crypto';
import { ControllerError } from './errors.ts';
import { bareSecretId, newSecretId } from './secrets.ts';
import type { SecretRecord, Secrets } from './secrets.ts';

export type SecretContent = Readonly<Record<string, string>>;

/** Juju's rule for secret content keys (`secrets.validateKey`). */
const KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;

/** Checks content keys; Juju refuses an empty secret and keys it cannot pass to charms. */
export function validateSecretContent(content: SecretContent): void {
  const keys = Object.keys(content);
  if (keys.length === 0) throw new ControllerError('invalid', 'secret content is empty');
  for (const key of keys) {
    if (!KEY.test(key))
      throw new ControllerError(
        'invalid',
        `invalid key "${key}": keys are lower-case letters, digits and single dashes, 3 or more characters, starting with a letter`,
      );
  }
}

/** How juju names the owner of user secrets in `juju secrets` and `show-secret`. */
const USER_OWNER = '<model>';

export interface UserSecretView {
  readonly revision: number;
  readonly owner: string;
  readonly name?: string;
  readonly label?: string;
  readonly description?: string;
  readonly rotation?: string;
  readonly rotates?: string;
  readonly created: string;
  readonly updated: string;
  readonly access?: readonly { target: string; scope: string; role: string }[];
  readonly content?: { Data: Record<string, string> };
  readonly checksum?: string;
  readonly revisions?: readonly {
    revision: number;
    backend: string;
    created: string;
    updated: string;
    expires?: string;
  }[];
}

/** Seconds precision with `Z`, as Juju prints times. */
const juju = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

export class UserSecrets {
  readonly #secrets: Secrets;
  readonly #model: { uuid: string; name: string };

  constructor(secrets: Secrets, model: { uuid: string; name: string }) {
    this.#secrets = secrets;
    this.#model = model;
  }

  /** `add-secret <name>`: returns the new secret's URI (`secret:<id>`). */
  add(name: string, content: SecretContent, description?: string): string {
    validateSecretContent(content);
    if (this.#byName(name))
      throw new ControllerError('already-exists', `secret with name "${name}" already exists`);
    const id = newSecretId();
    this.#secrets.create(
      this.#model.uuid,
      {
        id,
        ownerKind: 'model',
        owner: this.#model.uuid,
        label: name,
        ...(description === undefined ? {} : { description }),
      },
      content,
    );
    return `secret:${id}`;
  }

  /** `update-secret`: a new revision when content is given, and/or a new name or description. */
  update(
    ref: string,
    change: { content?: SecretContent; description?: string; name?: string },
  ): void {
    const secret = this.find(ref);
    if (change.name !== undefined && change.name !== secret.label && this.#byName(change.name))
      throw new ControllerError(
        'already-exists',
        `secret with name "${change.name}" already exists`,
      );
    if (change.content) {
      validateSecretContent(change.content);
      this.#secrets.addRevision(this.#model.uuid, secret.id, change.content);
    }
    this.#secrets.updateMetadata(this.#model.uuid, secret.id, {
      ...(change.name === undefined ? {} : { label: change.name }),
      ...(change.description === undefined ? {} : { description: change.description }),
    });
  }

  /** `grant-secret` / `revoke-secret`: read access for whole applications. */
  /** @param requireApp throws when an application does not exist. */
  grant(ref: string, apps: readonly string[], requireApp: (app: string) => void): void {
    const secret = this.find(ref);
    for (const app of apps) requireApp(app);
    for (const app of apps) this.#secrets.grant(this.#model.uuid, secret.id, app, null);
  }

  revoke(ref: string, apps: readonly string[]): void {
    const secret = this.find(ref);
    for (const app of apps) this.#secrets.revoke(this.#model.uuid, secret.id, app);
  }

  /** `remove-secret`: the whole secret, or one revision of it. */
  remove(ref: string, revision?: number): void {
    const secret = this.find(ref);
    if (revision === undefined) {
      this.#secrets.remove(this.#model.uuid, secret.id);
      return;
    }
    if (!this.#secrets.removeRevision(this.#model.uuid, secret.id, revision))
      throw new ControllerError('not-found', `secret revision ${revision} not found`);
  }

  /** A user secret by URI, bare id or name. */
  find(ref: string): SecretRecord {
    const found = this.#byName(ref) ?? this.#secrets.get(this.#model.uuid, bareSecretId(ref));
    if (!found || found.ownerKind !== 'model')
      throw new ControllerError('not-found', `secret "${ref}" not found`);
    return found;
  }

  #byName(name: string): SecretRecord | undefined {
    return this.#secrets
      .owned(this.#model.uuid, [this.#model.uuid])
      .find((secret) => secret.label === name);
  }

  /** `juju secrets --format json`: every secret of the model, keyed by bare id. */
  list(options: { owner?: string } = {}): Record<string, UserSecretView> {
    const out: Record<string, UserSecretView> = {};
    for (const secret of this.#secrets.all(this.#model.uuid)) {
      const view = this.#view(secret);
      // `--owner <model>` and `--owner <model name>` both mean the user secrets.
      const owner = options.owner === this.#model.name ? USER_OWNER : options.owner;
      if (owner === undefined || view.owner === owner) out[secret.id] = view;
    }
    return out;
  }

  /** `juju show-secret <ref> --format json`, keyed by bare id; any secret of the model. */
  show(
    ref: string,
    options: { reveal?: boolean; revision?: number; revisions?: boolean } = {},
  ): Record<string, UserSecretView> {
    const secret =
      this.#byName(ref) ??
      this.#secrets.all(this.#model.uuid).find((s) => s.label === ref) ??
      this.#secrets.get(this.#model.uuid, bareSecretId(ref));
    if (!secret) throw new ControllerError('not-found', `secret "${ref}" not found`);
    const base = this.#view(secret);
    const revision = options.revision ?? secret.latestRevision;
    let extra: Partial<UserSecretView> = {};
    if (options.reveal) {
      const data = this.#secrets.content(this.#model.uuid, secret.id, revision);
      if (!data) throw new ControllerError('not-found', `secret revision ${revision} not found`);
      extra = { content: { Data: data }, checksum: checksum(data) };
    }
    if (options.revisions) {
      extra = {
        ...extra,
        revisions: this.#secrets.revisions(this.#model.uuid, secret.id).map((r) => ({
          revision: r.revision,
          backend: 'internal',
          created: juju(r.created),
          updated: juju(r.created),
          ...(r.expire === undefined ? {} : { expires: juju(r.expire) }),
        })),
      };
    }
    return { [secret.id]: { ...base, ...extra } };
  }

  #view(secret: SecretRecord): UserSecretView {
    const user = secret.ownerKind === 'model';
    const grants = this.#secrets.grants(this.#model.uuid, secret.id);
    return {
      revision: secret.latestRevision,
      owner: user ? USER_OWNER : secret.owner,
      ...(secret.label === undefined
        ? {}
        : user
          ? { name: secret.label }
          : { label: secret.label }),
      ...(secret.description === undefined ? {} : { description: secret.description }),
      ...(secret.rotate === undefined ? {} : { rotation: secret.rotate }),
      ...(secret.nextRotate === undefined ? {} : { rotates: juju(secret.nextRotate) }),
      created: juju(secret.created),
      updated: juju(secret.updated),
      ...(grants.length === 0
        ? {}
        : {
            access: grants.map((g) => ({
              target: `${g.target.includes('/') ? 'unit' : 'application'}-${g.target.replace('/', '-')}`,
              scope:
                g.relationId === null ? `model-${this.#model.uuid}` : `relation-${g.relationId}`,
              role: 'view',
            })),
          }),
    };
  }
}

/** A content checksum: SHA-256 of the canonical (key-sorted) JSON, hex. */
function checksum(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
