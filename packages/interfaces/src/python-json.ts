/**
 * @module Python's `json.dumps` with its defaults, so databags are byte-identical to a Python
 * peer's (interfaces.md §1 "Python serialisation details"): `", "` and `": "` separators,
 * insertion order kept, `ensure_ascii` (every character outside printable ASCII becomes
 * `\uXXXX`, astral characters as surrogate pairs, lower-case hex).
 */

/** A value Python's `json.dumps` would accept and that round-trips through JSON. */
export type PythonJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue | undefined };

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

/** Encodes one string as Python's `json.dumps(s)` (ensure_ascii) does. */
function pythonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += value[i];
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * Serialises like Python's `json.dumps(value)`. Object keys whose value is `undefined` are
 * left out (as `JSON.stringify` does). Only integers are written exactly as Python would;
 * every number in the interfaces here is an integer.
 *
 * @example
 * pythonJsonDumps(['username', 'password']); // '["username", "password"]'
 */
export function pythonJsonDumps(value: PythonJsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} as JSON`);
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[${(value as readonly PythonJsonValue[]).map(pythonJsonDumps).join(', ')}]`;
  }
  const entries = Object.entries(value as Record<string, PythonJsonValue | undefined>).filter(
    (entry): entry is [string, PythonJsonValue] => entry[1] !== undefined,
  );
  return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}
