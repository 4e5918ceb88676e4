/**
 * @module Named identities (pebble-api.md §8): add/update/replace/remove with Pebble's
 * validation, persisted in the state, secrets masked when listed. Access control itself is
 * not enforced over the unix socket (every client is admin; see api/server.ts).
 */
import { ApiError } from '../errors.ts';
import type { State } from '../state/state.ts';

export interface Identity {
  access: string;
  local?: { 'user-id': number };
  basic?: { password: string };
  cert?: { pem: string };
}

const NAME = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
const ACCESS = ['admin', 'read', 'metrics', 'untrusted'];

function validate(name: string, raw: unknown): Identity {
  const fail = (why: string): never => {
    throw new ApiError(400, `identity ${JSON.stringify(name)} invalid: ${why}`);
  };
  if (!NAME.test(name)) throw new ApiError(400, `invalid identity name ${JSON.stringify(name)}`);
  if (typeof raw !== 'object' || raw === null) return fail('identity must be an object');
  const value = raw as Record<string, unknown>;
  const access = value['access'];
  if (typeof access !== 'string' || !ACCESS.includes(access)) {
    return fail(
      `invalid access value ${JSON.stringify(access ?? '')}, must be "admin", "read", "metrics", or "untrusted"`,
    );
  }
  const out: Identity = { access };
  const local = value['local'] as Record<string, unknown> | null | undefined;
  const basic = value['basic'] as Record<string, unknown> | null | undefined;
  const cert = value['cert'] as Record<string, unknown> | null | undefined;
  if (!local && !basic && !cert)
    return fail('identity must have at least one type ("local", "basic", or "cert")');
  if (local) {
    const uid = local['user-id'];
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0)
      return fail('local identity must specify user-id');
    out.local = { 'user-id': uid };
  }
  if (basic) {
    const password = basic['password'];
    if (typeof password !== 'string' || password === '')
      return fail('basic identity must specify password (hashed)');
    out.basic = { password };
  }
  if (cert) {
    const pem = cert['pem'];
    if (typeof pem !== 'string' || !pem.includes('-----BEGIN CERTIFICATE-----')) {
      return fail('cert identity must include a PEM-encoded certificate');
    }
    out.cert = { pem };
  }
  return out;
}

/** The identities of one daemon, kept in `state.extra.identities`. */
export class IdentityStore {
  readonly #state: State;

  constructor(state: State) {
    this.#state = state;
  }

  #all(): Record<string, Identity> {
    return (this.#state.extra['identities'] ?? {}) as Record<string, Identity>;
  }

  /** All identities with passwords and certificates masked. */
  list(): Record<string, Identity> {
    const out: Record<string, Identity> = {};
    for (const [name, identity] of Object.entries(this.#all())) {
      out[name] = {
        ...identity,
        ...(identity.basic ? { basic: { password: '*****' } } : {}),
        ...(identity.cert ? { cert: { pem: '*****' } } : {}),
      };
    }
    return out;
  }

  /** Applies one `POST /v1/identities` action atomically; throws `ApiError` (400). */
  apply(action: string, identities: Record<string, unknown>): void {
    const next = { ...this.#all() };
    for (const [name, value] of Object.entries(identities)) {
      const exists = name in next;
      switch (action) {
        case 'add':
          if (exists) throw new ApiError(400, `identity ${JSON.stringify(name)} already exists`);
          if (value === null)
            throw new ApiError(400, `identity ${JSON.stringify(name)} must not be null`);
          next[name] = validate(name, value);
          break;
        case 'update':
          if (!exists) throw new ApiError(400, `identity ${JSON.stringify(name)} does not exist`);
          if (value === null)
            throw new ApiError(400, `identity ${JSON.stringify(name)} must not be null`);
          next[name] = validate(name, value);
          break;
        case 'replace':
          if (value === null) delete next[name];
          else next[name] = validate(name, value);
          break;
        case 'remove':
          if (value !== null)
            throw new ApiError(
              400,
              `identity value for ${JSON.stringify(name)} must be null when removing`,
            );
          if (!exists) throw new ApiError(400, `identity ${JSON.stringify(name)} does not exist`);
          delete next[name];
          break;
        default:
          throw new ApiError(
            400,
            `invalid action ${JSON.stringify(action)}, must be "add", "update", "replace", or "remove"`,
          );
      }
    }
    const byUid = new Map<number, string>();
    for (const [name, identity] of Object.entries(next).sort()) {
      const uid = identity.local?.['user-id'];
      if (uid === undefined) continue;
      const other = byUid.get(uid);
      if (other !== undefined) {
        throw new ApiError(
          400,
          `cannot have multiple identities with user ID ${uid} (${other}, ${name})`,
        );
      }
      byUid.set(uid, name);
    }
    this.#state.extra['identities'] = next;
    this.#state.save();
  }
}
