/**
 * @module Model references as jubilant passes them (juju-semantics.md §1.1): `name`,
 * `user/name`, `controller:name` and `controller:user/name` all name the same model.
 */
import { CliError, usage } from './errors.ts';

/** The one controller's name, as `juju status` reports it under `model.controller`. */
export const CONTROLLER_NAME = 'charmkit';
/** The one user every model belongs to. */
export const MODEL_OWNER = 'admin';

export interface ModelRef {
  readonly controller?: string;
  readonly user?: string;
  readonly name: string;
}

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Splits a model reference into its parts.
 * @example parseModelRef('charmkit:admin/dev') // { controller: 'charmkit', user: 'admin', name: 'dev' }
 * @throws {CliError} `usage` when the reference is malformed.
 */
export function parseModelRef(ref: string): ModelRef {
  const colon = ref.indexOf(':');
  const controller = colon >= 0 ? ref.slice(0, colon) : undefined;
  const rest = colon >= 0 ? ref.slice(colon + 1) : ref;
  const slash = rest.indexOf('/');
  const user = slash >= 0 ? rest.slice(0, slash) : undefined;
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  for (const part of [controller, user, name]) {
    if (part !== undefined && !PART.test(part)) throw usage(`invalid model name "${ref}"`);
  }
  return {
    ...(controller === undefined ? {} : { controller }),
    ...(user === undefined ? {} : { user }),
    name,
  };
}

/**
 * Resolves a reference to the model's short name, refusing other controllers and users.
 * @throws {CliError} `usage` when malformed, `not-found` for another controller or user.
 */
export function modelName(ref: string): string {
  const parsed = parseModelRef(ref);
  if (parsed.controller !== undefined && parsed.controller !== CONTROLLER_NAME)
    throw new CliError('not-found', `controller ${parsed.controller} not found`);
  if (parsed.user !== undefined && parsed.user !== MODEL_OWNER)
    throw new CliError('not-found', `model ${ref} not found`);
  return parsed.name;
}

/** The qualified form juju prints: `charmkit:admin/dev`. */
export function qualifiedModel(name: string): string {
  return `${CONTROLLER_NAME}:${MODEL_OWNER}/${name}`;
}
