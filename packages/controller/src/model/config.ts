/**
 * @module Application config as Juju validates it (juju-semantics.md §7.2): unknown keys and
 * values of the wrong type are refused with Juju's messages; CLI strings are parsed per
 * option type (Go `ParseInt`, `ParseFloat`, `ParseBool`); defaults fill what is unset.
 */
import type { CharmMeta } from '@charmkit/ops';
import { configValueFits } from '@charmkit/ops/metadata';
import { ControllerError } from './errors.ts';

export type ConfigValue = string | number | boolean;

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Validates (and for strings, parses) values for `meta`'s options. */
export function validateConfig(
  meta: CharmMeta,
  values: Readonly<Record<string, ConfigValue>>,
): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, raw] of Object.entries(values)) {
    const option = meta.config[key];
    if (!option) throw new ControllerError('invalid', `unknown option "${key}"`);
    const value = typeof raw === 'string' ? parseValue(option.type, raw) : raw;
    if (value === undefined || !configValueFits(option.type, value)) {
      throw new ControllerError(
        'invalid',
        `option "${key}" expected ${option.type}, got ${JSON.stringify(String(raw))}`,
      );
    }
    out[key] = value;
  }
  return out;
}

function parseValue(type: string, text: string): ConfigValue | undefined {
  switch (type) {
    case 'int':
      return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
    case 'float':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
    case 'boolean':
      return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
    default:
      return text;
  }
}

/** The effective config `config-get` reports: set values over non-empty defaults. */
export function effectiveConfig(
  meta: CharmMeta,
  values: Readonly<Record<string, ConfigValue>>,
): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, option] of Object.entries(meta.config)) {
    if (option.default !== undefined && option.default !== '') out[key] = option.default;
  }
  return { ...out, ...values };
}
