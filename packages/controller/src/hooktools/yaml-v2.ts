/**
 * @module A YAML encoder reproducing `gopkg.in/yaml.v2`'s `Marshal` for JSON-like values: block
 * style, 2-space indent, sequences not indented under mapping keys, map keys in yaml.v2's natural
 * order, `{}`/`[]` for empty collections, strings plain when possible, else single- or
 * double-quoted (strings that would resolve to another type, e.g. `"123"`, `"true"`, `""`),
 * multi-line strings as literal blocks (`|-`, `|`, `|+`), and libyaml's folding of long scalars at
 * column 80.
 */

const structs = new WeakSet<object>();

/** Marks `obj` as a Go struct: JSON/YAML keep its key order instead of sorting like a map. */
export function goStruct<T extends object>(obj: T): T {
  structs.add(obj);
  return obj;
}

export const isGoStruct = (value: object): boolean => structs.has(value);

const BEST_WIDTH = 80;

type Writer = { text: string; column: number };

function put(w: Writer, s: string): void {
  w.text += s;
  w.column += [...s].length;
}

function newline(w: Writer, indent: number): void {
  w.text += `\n${' '.repeat(indent)}`;
  w.column = indent;
}

// ---------------------------------------------------------------- resolve (yaml.v2 resolve.go)

const SPECIAL_PLAIN = new Set(
  [
    'y Y yes Yes YES on On ON n N no No NO off Off OFF true True TRUE false False FALSE',
    '~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF <<',
  ]
    .join(' ')
    .split(' '),
);
const INT_RE = /^[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]*|[1-9][0-9]*)$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP_RE =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

/** Whether yaml.v2 would write `s` unquoted-able (it resolves to `!!str` and is no base-60 float). */
function canUsePlain(s: string): boolean {
  if (s === '' || SPECIAL_PLAIN.has(s)) return false;
  const plain = s.replaceAll('_', '');
  if (/^[-+0-9.]/.test(s) && (INT_RE.test(plain) || FLOAT_RE.test(plain))) return false;
  return !TIMESTAMP_RE.test(s) && !BASE60_RE.test(s);
}

// ---------------------------------------------------------------- analyze (emitterc.go)

const isBreak = (c: string): boolean => '\n\r\u0085\u2028\u2029'.includes(c);
const isSpace = (c: string): boolean => c === ' ';
const isBlankz = (c: string | undefined): boolean =>
  c === undefined || c === ' ' || c === '\t' || isBreak(c);

function isPrintable(c: string): boolean {
  const n = c.codePointAt(0) ?? 0;
  return (
    n === 0x0a ||
    (n >= 0x20 && n <= 0x7e) ||
    n === 0x85 ||
    (n >= 0xa0 && n <= 0xd7ff) ||
    (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff) ||
    (n >= 0x10000 && n <= 0x10ffff)
  );
}

/** Whether `chars[i]` makes a plain scalar impossible in block context (libyaml's indicators). */
function indicatorAt(chars: readonly string[], i: number, precededByWhitespace: boolean): boolean {
  const c = chars[i] ?? '';
  const followed = isBlankz(chars[i + 1]);
  if (i === 0)
    return '#,[]{}&*!|>\'"%@`'.includes(c) || ((c === '?' || c === ':' || c === '-') && followed);
  return (c === ':' && followed) || (c === '#' && precededByWhitespace);
}

type Analysis = { blockPlain: boolean; singleQuoted: boolean; block: boolean };

function analyze(s: string): Analysis {
  if (s === '') return { blockPlain: false, singleQuoted: true, block: false };
  const chars = [...s];
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let [leadingSpace, leadingBreak, trailingSpace, trailingBreak] = [false, false, false, false];
  let [breakSpace, spaceBreak, previousSpace, previousBreak] = [false, false, false, false];
  let [lineBreaks, special] = [false, false];
  let precededByWhitespace = true;
  chars.forEach((c, i) => {
    if (indicatorAt(chars, i, precededByWhitespace)) blockIndicators = true;
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      [previousSpace, previousBreak] = [true, false];
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      [previousSpace, previousBreak] = [false, true];
    } else {
      [previousSpace, previousBreak] = [false, false];
    }
    precededByWhitespace = isBlankz(c);
  });
  const result: Analysis = { blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) result.blockPlain = false;
  if (trailingSpace) result.block = false;
  if (breakSpace) [result.blockPlain, result.singleQuoted] = [false, false];
  if (spaceBreak || special)
    [result.blockPlain, result.singleQuoted, result.block] = [false, false, false];
  if (lineBreaks || blockIndicators) result.blockPlain = false;
  return result;
}

// ---------------------------------------------------------------- scalar writers

function writePlain(w: Writer, s: string, indent: number, allowBreaks: boolean): void {
  const chars = [...s];
  let spaces = false;
  chars.forEach((c, i) => {
    if (isSpace(c)) {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && !isSpace(chars[i + 1] ?? ''))
        newline(w, indent);
      else put(w, c);
      spaces = true;
    } else {
      put(w, c);
      spaces = false;
    }
  });
}

function writeSingle(w: Writer, s: string, indent: number, allowBreaks: boolean): void {
  const chars = [...s];
  put(w, "'");
  let spaces = false;
  chars.forEach((c, i) => {
    if (isSpace(c)) {
      const fold =
        allowBreaks && !spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1;
      if (fold && !isSpace(chars[i + 1] ?? '')) newline(w, indent);
      else put(w, c);
      spaces = true;
    } else {
      put(w, c === "'" ? "''" : c);
      spaces = false;
    }
  });
  put(w, "'");
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function escapeChar(c: string): string {
  const named = ESCAPES[c];
  if (named !== undefined) return `\\${named}`;
  const n = c.codePointAt(0) ?? 0;
  const hex = n.toString(16).toUpperCase();
  if (n <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (n <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

function writeDouble(w: Writer, s: string, indent: number, allowBreaks: boolean): void {
  const chars = [...s];
  put(w, '"');
  let spaces = false;
  chars.forEach((c, i) => {
    const n = c.codePointAt(0) ?? 0;
    if (!isPrintable(c) || n === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
      put(w, escapeChar(c));
      spaces = false;
    } else if (isSpace(c)) {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        newline(w, indent);
        if (isSpace(chars[i + 1] ?? '')) put(w, '\\');
      } else put(w, c);
      spaces = true;
    } else {
      put(w, c);
      spaces = false;
    }
  });
  put(w, '"');
}

function writeLiteral(w: Writer, s: string, indent: number): void {
  const chars = [...s];
  let hints = isSpace(chars[0] ?? '') || isBreak(chars[0] ?? '') ? '2' : '';
  const last = chars[chars.length - 1] ?? '';
  if (!isBreak(last)) hints += '-';
  else if (chars.length === 1 || isBreak(chars[chars.length - 2] ?? '')) hints += '+';
  put(w, `|${hints}`);
  const lines = s.split(/\r\n|[\n\r\u0085\u2028\u2029]/);
  if (isBreak(last)) lines.pop();
  for (const line of lines) {
    if (line === '') {
      w.text += '\n';
      w.column = 0;
    } else newline(w, indent);
    put(w, line);
  }
}

function writeString(w: Writer, s: string, indent: number, simpleKey: boolean): void {
  const a = analyze(s);
  const multiline = s.includes('\n');
  if (multiline && a.block && !simpleKey) return writeLiteral(w, s, indent);
  if (!multiline && canUsePlain(s) && a.blockPlain) return writePlain(w, s, indent, !simpleKey);
  if (!multiline && canUsePlain(s) && a.singleQuoted) return writeSingle(w, s, indent, !simpleKey);
  writeDouble(w, s, indent, !simpleKey);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)` as yaml.v2 uses it (plus `.inf`/`.nan`). */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '+.inf' : '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return n.toFixed(0);
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 21 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

function writeScalar(w: Writer, value: unknown, indent: number, simpleKey: boolean): void {
  if (value === null || value === undefined) return put(w, 'null');
  if (typeof value === 'boolean') return put(w, String(value));
  if (typeof value === 'number') return put(w, goFloat(value));
  if (typeof value === 'bigint') return put(w, value.toString());
  if (value instanceof Date) {
    const iso = value
      .toISOString()
      .replace(/\.(\d*?)0*Z$/, (_m, f: string) => (f ? `.${f}Z` : 'Z'));
    return put(w, iso);
  }
  writeString(
    w,
    typeof value === 'string' ? value : Object.prototype.toString.call(value),
    indent,
    simpleKey,
  );
}

// ---------------------------------------------------------------- collections

const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);

/** The digit-run part of yaml.v2's `keyList.Less` at the first difference `i`. */
function compareDigitRuns(
  ar: readonly string[],
  br: readonly string[],
  i: number,
): boolean | undefined {
  let an = 0;
  let bn = 0;
  if (ar[i] === '0' || br[i] === '0') {
    for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
      if (ar[j] !== '0') {
        [an, bn] = [1, 1];
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
  for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
  if (an !== bn) return an < bn;
  if (ai !== bi) return ai < bi;
  return undefined;
}

/** yaml.v2's `keyList.Less` for string keys (letters after non-letters, digit runs numerically). */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const letter = (c: string): boolean => /\p{L}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] ?? '';
    const cb = br[i] ?? '';
    if (ca === cb) continue;
    const [al, bl] = [letter(ca), letter(cb)];
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    const byRun = compareDigitRuns(ar, br, i);
    if (byRun !== undefined) return byRun;
    return ca < cb;
  }
  return ar.length < br.length;
}

type Kind = 'map' | 'seq' | 'empty-map' | 'empty-seq' | 'scalar';

function kindOf(value: unknown): Kind {
  if (Array.isArray(value)) return value.length ? 'seq' : 'empty-seq';
  if (value !== null && typeof value === 'object' && !(value instanceof Date))
    return Object.values(value).some((v) => v !== undefined) ? 'map' : 'empty-map';
  return 'scalar';
}

function entriesOf(value: object): [string, unknown][] {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (!isGoStruct(value))
    entries.sort(([a], [b]) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
  return entries;
}

function writeMapping(w: Writer, value: object, indent: number): void {
  entriesOf(value).forEach(([key, v], i) => {
    if (i > 0) newline(w, indent);
    writeScalar(w, key, indent, true);
    put(w, ':');
    const kind = kindOf(v);
    if (kind === 'map') {
      newline(w, indent + 2);
      writeMapping(w, v as object, indent + 2);
    } else if (kind === 'seq') {
      newline(w, indent);
      writeSequence(w, v as unknown[], indent);
    } else {
      put(w, ' ');
      writeNode(w, v, indent + 2);
    }
  });
}

function writeSequence(w: Writer, items: readonly unknown[], indent: number): void {
  items.forEach((item, i) => {
    if (i > 0) newline(w, indent);
    put(w, '- ');
    writeNode(w, item, indent + 2);
  });
}

function writeNode(w: Writer, value: unknown, indent: number): void {
  const kind = kindOf(value);
  if (kind === 'map') writeMapping(w, value as object, indent);
  else if (kind === 'seq') writeSequence(w, value as unknown[], indent);
  else if (kind === 'empty-map') put(w, '{}');
  else if (kind === 'empty-seq') put(w, '[]');
  else writeScalar(w, value, indent, false);
}

/** yaml.v2 `Marshal(value)` (always ends with a newline). */
export function yamlV2(value: unknown): string {
  const w: Writer = { text: '', column: 0 };
  const kind = kindOf(value);
  if (kind === 'scalar') writeScalar(w, value, 2, false);
  else writeNode(w, value, 0);
  return `${w.text}\n`;
}
