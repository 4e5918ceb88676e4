/**
 * @module Validates action parameters against the action's JSON Schema the way Juju does
 * before it queues an action (juju-semantics.md §7.3): types, required, enums, and no
 * unknown keys unless `additionalProperties` is true; schema defaults are filled in.
 * Shared by the test harness and the controller.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { InvalidActionParamsError } from '../errors.ts';
import { jujuSchemaErrors } from './juju-schema-errors.ts';
import type { ActionMeta } from './types.ts';

// Two validators, as Juju works: params are checked as given (a missing required parameter
// fails even when it has a default), then defaults are filled in.
const checker = new Ajv({ allErrors: true, verbose: true, strict: false });
const filler = new Ajv({ useDefaults: true, strict: false });
const cache = new WeakMap<ActionMeta, { check: ValidateFunction; fill: ValidateFunction }>();

function validatorsFor(action: ActionMeta): { check: ValidateFunction; fill: ValidateFunction } {
  let found = cache.get(action);
  if (!found) {
    const schema = {
      type: 'object',
      properties: action.params,
      required: [...action.required],
      additionalProperties: action.additionalProperties,
    };
    found = { check: checker.compile(schema), fill: filler.compile(schema) };
    cache.set(action, found);
  }
  return found;
}

/**
 * Returns the params with defaults applied.
 *
 * @throws {InvalidActionParamsError} naming every parameter that is wrong, with Juju's own
 *   texts in `jujuErrors`.
 */
export function validateActionParams(
  name: string,
  action: ActionMeta,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const { check, fill } = validatorsFor(action);
  if (check(params)) {
    const copy = structuredClone(params) as Record<string, unknown>;
    fill(copy);
    return copy;
  }
  const errors = check.errors ?? [];
  const issues = errors.map((e) => {
    const missing = e.params as { missingProperty?: string; additionalProperty?: string };
    const path = [
      e.instancePath.slice(1).replaceAll('/', '.'),
      missing.missingProperty ?? missing.additionalProperty,
    ]
      .filter(Boolean)
      .join('.');
    const message =
      e.keyword === 'additionalProperties'
        ? 'is not a parameter of this action'
        : (e.message ?? 'is invalid');
    return { path, message };
  });
  throw new InvalidActionParamsError(name, issues, {
    jujuErrors: jujuSchemaErrors(errors, Object.keys(action.params)),
  });
}
