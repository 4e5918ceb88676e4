/** @module Table tests for the Go-compatible helpers: durations, timestamps, shell splitting, path.Match. */
import { describe, expect, it } from 'vitest';
import { compileGoPattern } from '../src/files/go-match.ts';
import { goBase } from '../src/files/list.ts';
import { formatDuration, parseDuration } from '../src/util/duration.ts';
import { parseServiceCommand, splitWords } from '../src/util/shlex.ts';
import { formatTime, nowNanos, parseTime } from '../src/util/timestamp.ts';

describe('Go durations', () => {
  it.each([
    ['0s', 0],
    ['500ms', 500],
    ['4.000s', 4000],
    ['1h2m3.5s', 3_723_500],
    ['1.5s', 1500],
    ['100us', 0.1],
    ['-1m', -60_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each(['', '5', 'soon', '1x', '.s'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(`time: invalid duration ${JSON.stringify(text)}`);
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [30_000, '30s'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [168 * 3_600_000, '168h0m0s'],
    [0.0015, '1.5µs'],
    [0.000001, '1ns'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('timestamps', () => {
  it('formats with trimmed nanoseconds and round-trips', () => {
    expect(formatTime(1_700_000_000_123_456_789n)).toBe('2023-11-14T22:13:20.123456789Z');
    expect(formatTime(1_700_000_000_100_000_000n)).toBe('2023-11-14T22:13:20.1Z');
    expect(formatTime(1_700_000_000_000_000_000n)).toBe('2023-11-14T22:13:20Z');
    expect(parseTime('2023-11-14T22:13:20.123456789Z')).toBe(1_700_000_000_123_456_789n);
    expect(parseTime('2023-11-14T23:13:20.5+01:00')).toBe(1_700_000_000_500_000_000n);
  });

  it('strictly increases by at least a microsecond', () => {
    const a = nowNanos();
    const b = nowNanos();
    expect(b - a >= 1000n).toBe(true);
  });
});

describe('command lines', () => {
  it('splits like a shell without running one', () => {
    expect(splitWords(`sh -c 'echo "$X"; exit 1' "a b" c\\ d`)).toEqual([
      'sh',
      '-c',
      'echo "$X"; exit 1',
      'a b',
      'c d',
    ]);
  });

  it('parses default argument groups', () => {
    expect(parseServiceCommand('srv --a [ --b 1 ]')).toEqual({
      base: ['srv', '--a'],
      extra: ['--b', '1'],
    });
    expect(() => parseServiceCommand('[ x ]')).toThrow();
    expect(() => parseServiceCommand('x [ y ] z')).toThrow();
  });
});

describe('Go path.Match', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'a.md', false],
    ['a?c', 'abc', true],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['\\*', '*', true],
  ])('%s matches %s: %s', (pattern, name, want) => {
    expect(compileGoPattern(pattern).test(name)).toBe(want);
  });

  it.each(['[', '[]', '\\', '[z-a]'])('rejects bad pattern %j', (pattern) => {
    expect(() => compileGoPattern(pattern)).toThrow('syntax error in pattern');
  });

  it('takes Go basenames', () => {
    expect(goBase('/')).toBe('/');
    expect(goBase('/a/b/')).toBe('b');
  });
});
