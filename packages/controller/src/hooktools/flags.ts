/**
 * @module A GNU-style option parser with the exact behaviour of `github.com/juju/gnuflag` as Juju's
 * hook tools use it (`FlagKnownAs = "option"`, interspersed arguments): `--k=v`, `--k v`, `-r 3`,
 * `-r3`, grouped short booleans `-ab`, booleans only take a value with `=` (Go `strconv.ParseBool`
 * spellings), `--` ends options, `-` and `''` are positional, `-h`/`--help` request help.
 */

/** A usage error: Juju prints `ERROR <message>` and exits with `exitCode` (2 for parse/Init errors). */
export class ToolUsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'ToolUsageError';
    this.exitCode = exitCode;
  }
}

/** Thrown by {@link parseFlags} for `-h`/`--help` when the tool defines no such option. */
export class HelpRequested extends Error {
  constructor() {
    super('option: help requested');
    this.name = 'HelpRequested';
  }
}

/** One option: `names[0]` is the key in the result; every name is accepted (`['r', 'relation']`). */
export type FlagDef = {
  readonly names: readonly string[];
  readonly kind: 'bool' | 'value';
  /** Converts a value; throw `Error(msg)` to get `invalid value "v" for option -x: msg`. */
  readonly set?: (raw: string) => unknown;
  /** Shown in help as `(= default)`. */
  readonly display?: string;
  readonly usage?: string;
};

export type ParsedFlags = {
  /** Values by `names[0]`; only options that were given. */
  readonly values: ReadonlyMap<string, unknown>;
  /** The spelling (`-r`, `--relation`) last used for each option given. */
  readonly spelled: ReadonlyMap<string, string>;
  readonly args: readonly string[];
};

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Go's `strconv.ParseBool`, with its error text. */
export function parseGoBool(raw: string): boolean {
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new Error(`strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
}

/** Go's `strconv.Atoi` (decimal, optional sign), with its error text. */
export function parseGoInt(raw: string, fn = 'Atoi'): number {
  if (!/^[+-]?\d+$/.test(raw))
    throw new Error(`strconv.${fn}: parsing ${goQuote(raw)}: invalid syntax`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n))
    throw new Error(`strconv.${fn}: parsing ${goQuote(raw)}: value out of range`);
  return n;
}

/** gnuflag's `IntVar`: `strconv.ParseInt(s, 0, 64)` (accepts `0x`, `0o`, `0b`, leading-0 octal). */
export function parseGoInt0(raw: string): number {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)$/.exec(raw);
  if (!m) throw new Error(`strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
  const body = (m[2] ?? '').replaceAll('_', '');
  const octal = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body.replace(/^0O/, '0o');
  const n = Number(octal) * (m[1] === '-' ? -1 : 1);
  if (!Number.isSafeInteger(n))
    throw new Error(`strconv.ParseInt: parsing ${goQuote(raw)}: value out of range`);
  return n;
}

/** Go's `%q` for the common cases (ASCII-printable strings and the usual escapes). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's `%q` of a `[]string` (as in `unrecognized args: ["a" "b"]`). */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}

const withMinus = (name: string): string => (name.length > 1 ? `--${name}` : `-${name}`);

type State = { values: Map<string, unknown>; spelled: Map<string, string> };

function setFlag(def: FlagDef, name: string, value: string, state: State): void {
  let converted: unknown = value;
  try {
    converted = def.kind === 'bool' ? parseGoBool(value) : def.set ? def.set(value) : value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolUsageError(
      `invalid value ${goQuote(value)} for option ${withMinus(name)}: ${reason}`,
    );
  }
  state.values.set(def.names[0] ?? name, converted);
  state.spelled.set(def.names[0] ?? name, withMinus(name));
}

/**
 * Parses one option occurrence. `inline` is the text after the option name within the same
 * argument (`=v` for long options, the rest of a short-option group otherwise).
 * Returns the remaining short-option group text and how many following args were consumed.
 */
function parseOne(
  byName: ReadonlyMap<string, FlagDef>,
  occurrence: { name: string; long: boolean; inline: string; next: string | undefined },
  state: State,
): { rest: string; consumed: number } {
  const { name, long, inline, next } = occurrence;
  const def = byName.get(name);
  if (!def) {
    if (name === 'help' || name === 'h') throw new HelpRequested();
    throw new ToolUsageError(`option provided but not defined: ${withMinus(name)}`);
  }
  if (def.kind === 'bool' && !inline.startsWith('=')) {
    setFlag(def, name, 'true', state);
    return { rest: long ? '' : inline, consumed: 0 };
  }
  if (inline !== '') {
    setFlag(def, name, long ? inline.slice(1) : inline, state);
    return { rest: '', consumed: 0 };
  }
  if (next === undefined) throw new ToolUsageError(`option needs an argument: ${withMinus(name)}`);
  setFlag(def, name, next, state);
  return { rest: '', consumed: 1 };
}

/** Parses `argv` against `defs` exactly as gnuflag does with interspersed arguments allowed. */
export function parseFlags(argv: readonly string[], defs: readonly FlagDef[]): ParsedFlags {
  const byName = new Map<string, FlagDef>();
  for (const def of defs) for (const n of def.names) byName.set(n, def);
  const state: State = { values: new Map(), spelled: new Map() };
  const args: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i] ?? '';
    i++;
    if (a === '-' || a === '' || !a.startsWith('-')) {
      args.push(a);
      continue;
    }
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a[1] === '-') {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0 && name === '')
        throw new ToolUsageError(`empty option in argument ${goQuote(a)}`);
      const inline = eq < 0 ? '' : a.slice(eq);
      i += parseOne(byName, { name, long: true, inline, next: argv[i] }, state).consumed;
      continue;
    }
    let group = a.slice(1);
    while (group !== '') {
      const ch = String.fromCodePoint(group.codePointAt(0) ?? 0);
      const occurrence = { name: ch, long: false, inline: group.slice(ch.length), next: argv[i] };
      const { rest, consumed } = parseOne(byName, occurrence, state);
      i += consumed;
      group = rest;
    }
  }
  return { values: state.values, spelled: state.spelled, args };
}

/** `cmd.CheckEmpty`. */
export function checkEmpty(args: readonly string[]): void {
  if (args.length !== 0) throw new ToolUsageError(`unrecognized args: ${goQuoteList(args)}`);
}

/** Typed accessors over {@link ParsedFlags.values}. */
export function flagString(parsed: ParsedFlags, name: string): string | undefined {
  const v = parsed.values.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagBool(parsed: ParsedFlags, name: string): boolean {
  return parsed.values.get(name) === true;
}
