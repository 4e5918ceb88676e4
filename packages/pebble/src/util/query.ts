/**
 * @module Query-string helpers (pebble-api.md §10.1): list parameters arrive both repeated
 * (`names=a&names=b`) and comma-separated (`names=a,b`).
 */

/** Collects every value of `key`, splitting on commas and dropping empties. */
export function multiList(params: URLSearchParams, key: string): string[] {
  const out: string[] = [];
  for (const value of params.getAll(key)) {
    for (const part of value.split(',')) {
      const trimmed = part.trim();
      if (trimmed) out.push(trimmed);
    }
  }
  return out;
}
