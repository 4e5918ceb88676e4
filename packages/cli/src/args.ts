/**
 * @module Parsing of the argument forms juju verbs share: `key=value` pairs (config, model
 * config, action params with dotted keys), Go durations (`--wait 0.5s`) and counts.
 */
import { parseYaml } from './yaml.ts';
import { usage } from './errors.ts';

/**
 * Splits `key=value` arguments into an object, the value kept as text.
 * @throws {CliError} `usage` for an argument without `=` or with an empty key.
 */
export function keyValues(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw usage(`expected "key=value", got "${arg}"`);
    out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return out;
}

/**
 * Action params as `juju run` reads them: values parsed as YAML (unless `asStrings`), dotted
 * keys nested (`out.text=hi` → `{out: {text: 'hi'}}`).
 * @throws {CliError} `usage` for a malformed pair.
 */
export function actionParams(args: readonly string[], asStrings: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(keyValues(args))) {
    const path = key.split('.');
    if (path.some((p) => p === '')) throw usage(`invalid param key "${key}"`);
    let target = out;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[path.at(-1)!] = asStrings ? text : yamlScalar(text);
  }
  return out;
}

function yamlScalar(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    // Juju falls back to the raw string when a value is not valid YAML.
    return text;
  }
}

const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration (`300ms`, `1.5s`, `2m30s`) to milliseconds.
 * @throws {CliError} `usage` for anything else.
 */
export function durationMs(text: string): number {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    total += Number(match[1]) * UNITS[match[2]!]!;
    end = re.lastIndex;
  }
  if (text === '0') return 0;
  if (end === 0 || end !== text.length) throw usage(`invalid duration "${text}"`);
  return total;
}

/**
 * Parses a non-negative integer option (`-n 2`).
 * @throws {CliError} `usage` otherwise.
 */
export function count(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw usage(`${what} must be a non-negative integer, got "${text}"`);
  return Number(text);
}
