/**
 * @module Action-parameter validation errors in the words Juju prints them
 * (juju-semantics.md §6.1): Juju validates with its gojsonschema fork, whose errors read
 * `<context> : <description>, given <value as Go's encoding/json writes it>`, e.g.
 * `(root) : "name" property is missing and required, given {}` or
 * `(root).count : must be of type integer, given "two"`. This maps ajv's errors onto those
 * texts, in the order gojsonschema reports them: the object's own checks (required, then
 * additional properties) before its properties', in schema order.
 */
import type { ErrorObject } from 'ajv';

/** Go's `json.Marshal`: object keys sorted, no spaces, `<`, `>`, `&` escaped. */
export function goJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

/** gojsonschema's number format: integers as such, others as Go's `%g`. */
function goNumber(n: unknown): string {
  if (typeof n !== 'number') return String(n);
  if (Number.isInteger(n)) return n.toFixed(0);
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 21) {
    const [mantissa, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

function description(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `"${String(p.missingProperty)}" property is missing and required`;
    case 'additionalProperties':
      return `additional property "${String(p.additionalProperty)}" is not allowed`;
    case 'type': {
      const types = Array.isArray(p.type) ? `[${p.type.join(',')}]` : String(p.type);
      return `must be of type ${types}`;
    }
    case 'enum':
      return `must match one of the enum values [${(p.allowedValues as unknown[]).map(goJson).join(',')}]`;
    case 'minLength':
      return `string length must be greater or equal to ${String(p.limit)}`;
    case 'maxLength':
      return `string length must be lower or equal to ${String(p.limit)}`;
    case 'pattern':
      return `does not match pattern '${String(p.pattern)}'`;
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const lower = error.keyword.toLowerCase().includes('maximum');
      const inclusive = !error.keyword.startsWith('exclusive');
      const relation = lower ? 'lower than' : 'greater than';
      return `must be ${relation}${inclusive ? ' or equal to' : ''} ${goNumber(p.limit)}`;
    }
    case 'multipleOf':
      return `must be a multiple of ${goNumber(p.multipleOf)}`;
    case 'minItems':
      return `array must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `array must have at the most ${String(p.limit)} items`;
    case 'uniqueItems':
      return 'array items must be unique';
    default:
      return error.message ?? 'is invalid';
  }
}

/** Where gojsonschema puts an error: `(root)` and the property path, dot-separated. */
function context(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  return ['(root)', ...path].join('.');
}

const OWN_CHECKS = ['required', 'additionalProperties'];

/**
 * Juju's validation error strings for `errors` (from an ajv validator compiled with
 * `verbose: true`, so each error carries the value it is about). `order` lists the top-level
 * parameters in schema order.
 */
export function jujuSchemaErrors(
  errors: readonly ErrorObject[],
  order: readonly string[],
): string[] {
  const rank = (e: ErrorObject): number => {
    const top = e.instancePath.split('/')[1];
    if (top === undefined) return OWN_CHECKS.includes(e.keyword) ? 0 : 1;
    const index = order.indexOf(top);
    return 2 + (index < 0 ? order.length : index);
  };
  return [...errors]
    .map((e, i) => ({ e, i, rank: rank(e) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ e }) => `${context(e)} : ${description(e)}, given ${goJson(e.data)}`);
}
