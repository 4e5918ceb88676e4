/**
 * Pure argument parsing: `key=value` pairs, action params, Go durations and model references
 * (juju-semantics.md §1.1), bad inputs in the same tables.
 */
import { describe, expect, it } from 'vitest';
import { defaultStateDir, JUJU_VERSION as CONTROLLER_JUJU_VERSION } from '@charmkit/controller';
import { actionParams, durationMs, keyValues } from '../src/args.ts';
import { JUJU_VERSION } from '../src/commands/controller.ts';
import { stateDirFrom } from '../src/context.ts';
import type { CliError } from '../src/errors.ts';
import { modelName, parseModelRef } from '../src/model-ref.ts';

describe('model references', () => {
  it.each([
    { input: 'dev', want: { name: 'dev' } },
    { input: 'admin/dev', want: { user: 'admin', name: 'dev' } },
    { input: 'charmkit:dev', want: { controller: 'charmkit', name: 'dev' } },
    { input: 'charmkit:admin/dev', want: { controller: 'charmkit', user: 'admin', name: 'dev' } },
  ])('parses $input', ({ input, want }) => {
    expect(parseModelRef(input)).toEqual(want);
    expect(modelName(input)).toBe('dev');
  });

  it.each([
    { input: '', code: 'usage' },
    { input: 'a/b/c', code: 'usage' },
    { input: ':dev', code: 'usage' },
    { input: 'other:dev', code: 'not-found' },
    { input: 'bob/dev', code: 'not-found' },
  ])('refuses $input', ({ input, code }) => {
    expect(() => modelName(input)).toThrow(expect.objectContaining({ code }) as CliError);
  });
});

describe('key=value arguments', () => {
  it.each([
    { input: ['a=1', 'b=x=y', 'c='], want: { a: '1', b: 'x=y', c: '' } },
    { input: [], want: {} },
  ])('splits $input', ({ input, want }) => {
    expect(keyValues(input)).toEqual(want);
  });

  it.each([['novalue'], ['=x']])('refuses %s', (arg) => {
    expect(() => keyValues([arg])).toThrow(`expected "key=value", got "${arg}"`);
  });

  it('parses action params as YAML with dotted keys nesting', () => {
    expect(actionParams(['n=3', 'flag=true', 'a.b=x', 'a.c=[1, 2]'], false)).toEqual({
      n: 3,
      flag: true,
      a: { b: 'x', c: [1, 2] },
    });
    expect(actionParams(['n=3'], true)).toEqual({ n: '3' });
  });
});

describe('durations', () => {
  it.each([
    { input: '0.001s', want: 1 },
    { input: '10s', want: 10_000 },
    { input: '1m30s', want: 90_000 },
    { input: '250ms', want: 250 },
    { input: '0', want: 0 },
  ])('parses $input', ({ input, want }) => {
    expect(durationMs(input)).toBeCloseTo(want);
  });

  it.each(['', '10', 's', '1x', '5s junk'])('refuses %j', (input) => {
    expect(() => durationMs(input)).toThrow(`invalid duration "${input}"`);
  });
});

describe('agreement with the controller', () => {
  it('finds the same state directory as defaultStateDir', () => {
    for (const env of [
      { CHARMKIT_HOME: '/x' },
      { XDG_DATA_HOME: '/data', HOME: '/h' },
      { HOME: '/h' },
    ]) {
      expect(stateDirFrom(env)).toBe(defaultStateDir(env));
    }
  });

  it('reports the juju version the controller implements', () => {
    expect(JUJU_VERSION).toBe(CONTROLLER_JUJU_VERSION);
  });
});
