/**
 * @module Go time parsing used by `secret-add/-set --expire`: `time.ParseDuration`, and
 * `time.Parse` with the layouts `time.RFC3339` and `2006-01-02T15:04:05` (no zone ⇒ UTC), both
 * accepting fractional seconds as Go does.
 */
import { parseGoDuration as parseDuration } from '@charmkit/ops';

/** Go's `time.ParseDuration`, in milliseconds; `undefined` when invalid. */
export function parseGoDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `time.Parse(time.RFC3339, s)` or, when `allowNoZone`, `time.Parse("2006-01-02T15:04:05", s)`
 * (read as UTC). `undefined` when neither matches or a field is out of range.
 */
export function parseGoTime(text: string, allowNoZone: boolean): Date | undefined {
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  if (zone === undefined && !allowNoZone) return undefined;
  const nums = [y, mo, d, h, mi, sec].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [year, month, day, hour, minute, second] = nums;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
  return new Date(utc);
}
