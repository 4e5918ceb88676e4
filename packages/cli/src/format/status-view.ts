/**
 * @module Typed reads of the API's status document (`juju status --format json` shape,
 * juju-semantics.md §1.4), tolerant of missing keys: the controller owns the shape.
 */

export type Json = Record<string, unknown>;

/** `value` if it is a plain object, else `{}`. */
export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

/** `value` as text (`''` when absent). */
export function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** The applications of a status document, by name. */
export function applications(status: Json): [string, Json][] {
  return Object.entries(obj(status.applications)).map(([name, app]) => [name, obj(app)]);
}

/** An application's units in numeric order (`kv/2` before `kv/10`). */
export function units(app: Json): [string, Json][] {
  return Object.entries(obj(app.units))
    .map(([name, unit]): [string, Json] => [name, obj(unit)])
    .sort(([a], [b]) => unitNumber(a) - unitNumber(b));
}

/** `kv/3` → 3. */
export function unitNumber(unit: string): number {
  return Number(unit.slice(unit.lastIndexOf('/') + 1));
}
