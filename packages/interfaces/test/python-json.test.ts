/** `pythonJsonDumps` against outputs of CPython's `json.dumps` with default arguments. */
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../src/index.ts';
import type { PythonJsonValue } from '../src/index.ts';

describe('pythonJsonDumps', () => {
  it.each<{ name: string; input: PythonJsonValue; want: string }>([
    { name: 'list', input: ['mtls-cert'], want: '["mtls-cert"]' },
    { name: 'separators', input: { a: 1, b: [true, null] }, want: '{"a": 1, "b": [true, null]}' },
    { name: 'empty', input: { a: [], b: {} }, want: '{"a": [], "b": {}}' },
    { name: 'string escapes', input: 'a"b\\c\n\t\u0001', want: '"a\\"b\\\\c\\n\\t\\u0001"' },
    {
      name: 'ensure_ascii',
      input: 'café ☕ 𝄞\u007f',
      want: '"caf\\u00e9 \\u2615 \\ud834\\udd1e\\u007f"',
    },
    { name: 'slash kept', input: 'http://x/y', want: '"http://x/y"' },
    { name: 'insertion order', input: { z: 1, a: 2 }, want: '{"z": 1, "a": 2}' },
  ])('$name', ({ input, want }) => {
    expect(pythonJsonDumps(input)).toBe(want);
  });

  it('refuses non-finite numbers', () => {
    expect(() => pythonJsonDumps(Number.NaN)).toThrow(/cannot encode NaN/);
  });
});
