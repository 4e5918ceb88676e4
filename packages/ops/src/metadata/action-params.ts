/**
 * @module Validates action parameters against the action's JSON Schema the way Juju does
 * before it queues an action (juju-semantics.md §7.3): types, required, enums, and no
 * unknown keys unless `additionalProperties` is true; schema defaults are filled in.
 * Shared by the test harness and the controller.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { InvalidActionParamsError } from '../errors.ts';
import type { ActionMeta } from './types.ts';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const cache = new WeakMap<ActionMeta, ValidateFunction>();

/**
 * Returns the params with defaults applied.
 *
 * @throws {InvalidActionParamsError} naming every parameter that is wrong.
 */
export function validateActionParams(
  name: string,
  action: ActionMeta,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  let validate = cache.get(action);
  if (!validate) {
    validate = ajv.compile({
      type: 'object',
      properties: action.params,
      required: [...action.required],
      additionalProperties: action.additionalProperties,
    });
    cache.set(action, validate);
  }
  const copy = structuredClone(params) as Record<string, unknown>;
  if (validate(copy)) return copy;
  const issues = (validate.errors ?? []).map((e) => {
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
  throw new InvalidActionParamsError(name, issues);
}
