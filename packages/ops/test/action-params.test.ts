/**
 * Action parameters validated as Juju validates them before queueing (juju-semantics.md
 * §6.1): checked as given, then defaults filled in; errors also in Juju's gojsonschema words.
 */
import { describe, expect, it } from 'vitest';
import { InvalidActionParamsError } from '../src/errors.ts';
import { validateActionParams } from '../src/metadata/action-params.ts';
import { goJson } from '../src/metadata/juju-schema-errors.ts';
import type { ActionMeta } from '../src/metadata/types.ts';

const backup: ActionMeta = {
  params: {
    target: { type: 'string', minLength: 3, pattern: '^[a-z]+$' },
    level: { type: 'integer', minimum: 1, maximum: 9, default: 5 },
    mode: { type: 'string', enum: ['full', 'incremental'] },
    ratio: { type: 'number', exclusiveMaximum: 1.5 },
    tags: { type: 'array', maxItems: 2 },
    when: { type: ['string', 'null'] },
  },
  required: ['target'],
  additionalProperties: false,
};

function jujuErrors(params: Record<string, unknown>): readonly string[] {
  try {
    validateActionParams('backup', backup, params);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidActionParamsError);
    return (error as InvalidActionParamsError).jujuErrors;
  }
  throw new Error('expected the params to be refused');
}

describe('validateActionParams', () => {
  it('fills defaults into valid params and leaves the input alone', () => {
    const given = { target: 'db' + 'x' };
    expect(validateActionParams('backup', backup, given)).toEqual({ target: 'dbx', level: 5 });
    expect(given).toEqual({ target: 'dbx' });
  });

  it('refuses a missing required parameter even where others have defaults, as Juju does', () => {
    expect(jujuErrors({})).toEqual([
      '(root) : "target" property is missing and required, given {}',
    ]);
  });

  it('words each problem as gojsonschema does: the object’s own checks first, then by parameter', () => {
    expect(
      jujuErrors({
        when: 3,
        ratio: 2.5,
        mode: 'partial',
        level: 10,
        target: 'AB',
        tags: ['a', 'b', 'c'],
        extra: '<&>',
      }),
    ).toEqual([
      '(root) : additional property "extra" is not allowed, given {"extra":"\\u003c\\u0026\\u003e","level":10,"mode":"partial","ratio":2.5,"tags":["a","b","c"],"target":"AB","when":3}',
      '(root).target : string length must be greater or equal to 3, given "AB"',
      '(root).target : does not match pattern \'^[a-z]+$\', given "AB"',
      '(root).level : must be lower than or equal to 9, given 10',
      '(root).mode : must match one of the enum values ["full","incremental"], given "partial"',
      '(root).ratio : must be lower than 1.5, given 2.5',
      '(root).tags : array must have at the most 2 items, given ["a","b","c"]',
      '(root).when : must be of type [string,null], given 3',
    ]);
  });
});

describe('goJson', () => {
  it('writes what Go’s encoding/json writes', () => {
    expect(goJson({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(goJson(undefined)).toBe('null');
    expect(goJson('a<b')).toBe('"a\\u003cb"');
  });
});
