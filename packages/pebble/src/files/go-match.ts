/**
 * @module Go's `path.Match` glob semantics for `list` patterns (pebble-api.md §5.5): `*`, `?`,
 * `[...]` with `^` negation and ranges, `\` escapes; malformed patterns are errors.
 */

/** Compiles the `[...]` class starting at `start` (just after `[`); returns it and the index of `]`. */
function compileClass(pattern: string, start: number): { re: string; end: number } {
  const bad = new Error('syntax error in pattern');
  let i = start;
  let re = '[';
  if (pattern[i] === '^') {
    re += '^/';
    i++;
  }
  let count = 0;
  while (i < pattern.length && (pattern[i] !== ']' || count === 0)) {
    let lo = pattern[i] ?? '';
    if (lo === '\\') lo = pattern[++i] ?? '';
    if (lo === '') throw bad;
    re += escape(lo);
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      i += 2;
      let hi = pattern[i] ?? '';
      if (hi === '\\') hi = pattern[++i] ?? '';
      if (hi === '' || hi < lo) throw bad;
      re += `-${escape(hi)}`;
    }
    count++;
    i++;
  }
  if (pattern[i] !== ']' || count === 0) throw bad;
  return { re: `${re}]`, end: i };
}

/** Compiles a Go glob into a RegExp; throws `syntax error in pattern`. */
export function compileGoPattern(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '\\') {
      const next = pattern[++i];
      if (next === undefined) throw new Error('syntax error in pattern');
      re += escape(next);
    } else if (ch === '[') {
      const cls = compileClass(pattern, i + 1);
      re += cls.re;
      i = cls.end;
    } else re += escape(ch);
  }
  return new RegExp(`${re}$`, 's');
}

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}
