/**
 * @module Whether a value fits a config option's type (juju-semantics.md §7.2): the one rule
 * used for metadata defaults, test states and (later) `juju config` input.
 */
import type { ConfigOptionType } from './types.ts';

const SECRET_URI = /^secret:(\/\/[^/]+\/)?[0-9a-v]{20}$/;

/** `''` is an unset secret; other secrets must be `secret:` URIs. */
export function configValueFits(type: ConfigOptionType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'secret':
      return value === '' || (typeof value === 'string' && SECRET_URI.test(value));
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
  }
}
