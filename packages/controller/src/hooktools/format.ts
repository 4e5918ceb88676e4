/**
 * @module `formatOutput`: Juju's `cmd.Output` formatters (`juju/cmd/output.go`). `json` is Go's
 * `json.Marshal` + newline (HTML-safe escapes, map keys sorted); `yaml` is `gopkg.in/yaml.v2`
 * (see yaml-v2.ts), nothing for nil; `smart` prints strings raw, booleans `True`/`False`, string
 * lists one per line, nothing for nil or `''`, and everything else as YAML. Plain objects are Go
 * maps (keys sorted); wrap an object with {@link goStruct} to keep its key order like a Go struct.
 */
import type { OutputFormat } from './calls.ts';
import { isGoStruct, yamlV2 } from './yaml-v2.ts';

export { goStruct } from './yaml-v2.ts';

/** Renders `value` as Juju's `--format <format>` would print it (including the final newline). */
export function formatOutput(format: OutputFormat, value: unknown): string {
  if (format === 'json') return `${goJson(value)}\n`;
  if (format === 'yaml') return formatYaml(value);
  return formatSmart(value);
}

function formatYaml(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = yamlV2(value).replace(/\n+$/, '');
  return text === '' ? '' : `${text}\n`;
}

function formatSmart(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 'True' : 'False';
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    text = value.join('\n');
  else return formatYaml(value);
  return text === '' ? '' : `${text}\n`;
}

/** Go `encoding/json` string escaping (with `SetEscapeHTML(true)`, the `json.Marshal` default). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** Go's `time.Time` JSON/YAML form: RFC 3339 with trailing-zero-free fractional seconds. */
export function goTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

/** Go `json.Marshal` of a JS value (objects are maps with sorted keys unless {@link goStruct}). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return goJsonString(goTime(value));
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    if (!isGoStruct(value)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
  }
  return 'null';
}
