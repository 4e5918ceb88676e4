/**
 * @module Go's `time.ParseDuration` (`1h0m0s`, `500ms`, `1.5s`, `-2m`), the duration syntax
 * of Pebble's API, Juju's `--expire` and model config. One parser for the whole project.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const TERM = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/u;

/**
 * Milliseconds of a Go duration string.
 *
 * @throws {Error} `time: invalid duration "<text>"`, Go's own message.
 */
export function parseGoDuration(text: string): number {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  while (rest !== '') {
    const m = TERM.exec(rest);
    if (!m) throw new Error(`time: invalid duration "${text}"`);
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}
