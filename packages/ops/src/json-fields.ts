/**
 * @module Reading fields of untyped JSON that other programs print (hook tools, Pebble):
 * a wrong type reads as absent instead of as `[object Object]`.
 */

/** The string at `value`, or `fallback` when it is not a string. */
export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** The string at `value`, or undefined. */
export function optStr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
