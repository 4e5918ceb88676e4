/**
 * @module Nanosecond timestamps rendered as RFC3339 like Go's `time.Time` JSON
 * (pebble-api.md §0.2, §7.4): fractional digits with trailing zeros trimmed, zone `Z`.
 */

/** Nanoseconds since the Unix epoch. */
export type Nanos = bigint;

const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
let last: Nanos = 0n;

/**
 * Returns "now" in nanoseconds, strictly increasing by at least 1 µs per call so that
 * consecutive events stay ordered even after clients parse them at microsecond resolution.
 */
export function nowNanos(): Nanos {
  let now = origin + process.hrtime.bigint();
  if (now < last + 1000n) now = last + 1000n;
  last = now;
  return now;
}

/** Formats nanoseconds as RFC3339 with up to 9 fractional digits (`2026-07-22T10:00:00.123456789Z`). */
export function formatTime(ns: Nanos): string {
  const ms = Number(ns / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return frac ? `${base}.${frac}Z` : `${base}Z`;
}

/** Parses an RFC3339 timestamp (any fraction length, `Z` or `±hh:mm`) into nanoseconds. */
export function parseTime(text: string): Nanos {
  const m = /^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) throw new Error(`cannot parse ${JSON.stringify(text)} as RFC3339 time`);
  const zone = m[4] === 'z' ? 'Z' : (m[4] ?? 'Z');
  const seconds = Date.parse(`${m[1]}T${m[2]}${zone}`);
  if (Number.isNaN(seconds))
    throw new Error(`cannot parse ${JSON.stringify(text)} as RFC3339 time`);
  const frac = BigInt((m[3] ?? '').padEnd(9, '0').slice(0, 9) || '0');
  return BigInt(seconds) * 1_000_000n + frac;
}
