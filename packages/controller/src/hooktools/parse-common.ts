/**
 * @module Building blocks shared by the per-family hook-tool parsers: the `--format`/`-o` options
 * of Juju's `cmd.Output`, `-r` relation references, Juju name validation (`names` package),
 * `keyvalues.Parse`, YAML settings files read with Go `map[string]string` semantics, and the
 * `--help` text layout of `juju/cmd`.
 */
import { parseDocument } from 'yaml';
import type { Output, OutputFormat, RelationRef, ToolEnv } from './calls.ts';
import { ToolUsageError, flagString, goQuote, parseFlags } from './flags.ts';
import type { FlagDef, ParsedFlags } from './flags.ts';

/** `--format` (+ `-o/--output`) accepting `formats`, defaulting to `initial`. */
export function outputFlags(
  initial: OutputFormat,
  formats: readonly OutputFormat[] = ['json', 'smart', 'yaml'],
): FlagDef[] {
  const sorted = [...formats].sort();
  return [
    {
      names: ['format'],
      kind: 'value',
      display: initial,
      usage: `Specify output format (${sorted.join('|')})`,
      set: (raw) => {
        if (!(formats as readonly string[]).includes(raw))
          throw new Error(`unknown format ${goQuote(raw)}`);
        return raw;
      },
    },
    { names: ['o', 'output'], kind: 'value', display: '""', usage: 'Specify an output file' },
  ];
}

export function readOutput(parsed: ParsedFlags, initial: OutputFormat): Output {
  const format = (flagString(parsed, 'format') ?? initial) as OutputFormat;
  const output = flagString(parsed, 'output');
  return output === undefined || output === '' ? { format } : { format, output };
}

/** The `-r`/`--relation` option; values are parsed like Juju's `relationIdValue.Set`. */
export function relationFlag(usage = 'Specify a relation by id'): FlagDef {
  return { names: ['r', 'relation'], kind: 'value', usage, set: parseRelationValue };
}

function parseRelationValue(raw: string): { id: number; endpoint?: string } {
  const idx = raw.lastIndexOf(':');
  const text = idx < 0 ? raw : raw.slice(idx + 1);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new Error('invalid relation id');
  const id = Number(text);
  return idx < 0 ? { id } : { id, endpoint: raw.slice(0, idx) };
}

/** The relation given with `-r`, else the hook's (`JUJU_RELATION_ID`), else `undefined`. */
export function readRelation(
  parsed: ParsedFlags,
  argv: readonly string[],
  env: ToolEnv,
): RelationRef | undefined {
  const value = parsed.values.get('r') as { id: number; endpoint?: string } | undefined;
  if (value) {
    const flag = parsed.spelled.get('r');
    return {
      relationId: value.id,
      ...(value.endpoint !== undefined ? { relationEndpoint: value.endpoint } : {}),
      relationRaw: lastRelationRaw(argv) ?? String(value.id),
      ...(flag ? { relationFlag: flag } : {}),
    };
  }
  if (env.relationId === undefined || env.relationId === '') return undefined;
  let fromEnv: { id: number; endpoint?: string };
  try {
    fromEnv = parseRelationValue(env.relationId);
  } catch {
    return undefined;
  }
  return {
    relationId: fromEnv.id,
    ...(fromEnv.endpoint !== undefined ? { relationEndpoint: fromEnv.endpoint } : {}),
    relationRaw: env.relationId,
  };
}

/** The raw text of the last `-r`/`--relation` occurrence before `--` (for error messages). */
function lastRelationRaw(argv: readonly string[]): string | undefined {
  let raw: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') break;
    if (a === '-r' || a === '--relation') raw = argv[++i];
    else if (a.startsWith('--relation=')) raw = a.slice('--relation='.length);
    else if (/^-r./.test(a)) raw = a.slice(2);
  }
  return raw;
}

/** Like {@link readRelation} but `no relation id specified` when there is none. */
export function requireRelation(
  parsed: ParsedFlags,
  argv: readonly string[],
  env: ToolEnv,
): RelationRef {
  const ref = readRelation(parsed, argv, env);
  if (!ref) throw new ToolUsageError('no relation id specified');
  return ref;
}

const APP = '[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*';
const APP_RE = new RegExp(`^${APP}$`);
const UNIT_RE = new RegExp(`^${APP}/(?:0|[1-9][0-9]*)$`);

/** `names.IsValidApplication`. */
export const isValidApplication = (s: string): boolean => APP_RE.test(s);
/** `names.IsValidUnit`. */
export const isValidUnit = (s: string): boolean => UNIT_RE.test(s);

/** `keyvalues.Parse(src, allowEmptyValues)`. */
export function parseKeyValues(
  src: readonly string[],
  allowEmpty: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of src) {
    const eq = kv.indexOf('=');
    if (eq <= 0 || (!allowEmpty && eq === kv.length - 1))
      throw new ToolUsageError(`expected "key=value", got ${goQuote(kv)}`);
    const key = kv.slice(0, eq);
    if (Object.hasOwn(out, key))
      throw new ToolUsageError(`key ${goQuote(key)} specified more than once`);
    out[key] = kv.slice(eq + 1);
  }
  return out;
}

/**
 * A YAML (or JSON) mapping decoded into Go's `map[string]string` (yaml.v2): every scalar keeps its
 * source text (`1.50` stays `1.50`, `true` stays `true`), `null`/empty becomes `''`; nested values are
 * an error. Errors are Run-time errors in Juju (exit 1).
 */
export function readStringMap(text: string): Record<string, string> {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  const first = doc.errors[0];
  if (first) throw new ToolUsageError(`yaml: ${first.message.split('\n')[0] ?? ''}`, 1);
  const value: unknown = doc.toJS();
  if (value === null || value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ToolUsageError(
      `yaml: unmarshal errors:\n  line 1: cannot unmarshal !!${Array.isArray(value) ? 'seq' : 'str'} into map[string]string`,
      1,
    );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object')
      throw new ToolUsageError(
        `yaml: unmarshal errors:\n  cannot unmarshal !!${Array.isArray(v) ? 'seq' : 'map'} into string`,
        1,
      );
    out[k] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** Reads a Juju `cmd.FileVar` (`-` = stdin) at parse time; failures are Run-time errors (exit 1). */
export function readFileVar(path: string, env: ToolEnv): string {
  try {
    return path === '-' ? env.stdin() : env.readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolUsageError(reason, 1);
  }
}

/** The static description of one tool: its options and help text. */
export type ToolSpec = {
  readonly name: string;
  readonly args: string;
  readonly purpose: string;
  readonly flags: readonly FlagDef[];
  readonly details?: string;
};

/** `juju/cmd`'s help layout (`Usage`, `Summary`, `Options`, `Details`). */
export function helpText(
  spec: ToolSpec,
  defaults: ReadonlyMap<string, string> = new Map(),
): string {
  const usage = `Usage: ${spec.name}${spec.flags.length ? ' [options]' : ''}${spec.args ? ` ${spec.args}` : ''}`;
  const lines = [usage, '', 'Summary:', spec.purpose, ''];
  if (spec.flags.length) {
    lines.push('Options:');
    const sorted = [...spec.flags].sort((a, b) =>
      (a.names[0] ?? '').localeCompare(b.names[0] ?? ''),
    );
    for (const def of sorted) {
      const names = def.names.map((n) => (n.length > 1 ? `--${n}` : `-${n}`)).join(', ');
      const shown =
        defaults.get(def.names[0] ?? '') ?? def.display ?? (def.kind === 'bool' ? 'false' : '""');
      lines.push(
        `${names}${def.names.length > 1 ? ' ' : '  '}(= ${shown})`,
        `    ${def.usage ?? ''}`,
      );
    }
    lines.push('');
  }
  if (spec.details) lines.push('Details:', spec.details, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** Parses options for `spec`; `-h`/`--help` surface as {@link HelpRequested} from flags.ts. */
export function parseSpec(spec: ToolSpec, argv: readonly string[]): ParsedFlags {
  return parseFlags(argv, spec.flags);
}
