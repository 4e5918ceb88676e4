/**
 * @module Model constraints (`juju set-model-constraints mem=1G cores=2`, `juju
 * model-constraints`): parsed, validated and normalised as Juju does — sizes in MiB, counts
 * as numbers, lists split on commas. Units all run on this machine, so constraints change
 * nothing here; they are kept so that tools that set and read them see Juju's answers.
 */
import { ControllerError } from './errors.ts';

export type ConstraintValue = number | string | boolean | string[];
export type Constraints = Record<string, ConstraintValue>;

const SIZES = new Set(['mem', 'root-disk']);
const COUNTS = new Set(['cores', 'cpu-power']);
const LISTS = new Set(['tags', 'spaces', 'zones']);
const BOOLS = new Set(['allocate-public-ip']);
const STRINGS = new Set([
  'arch',
  'container',
  'instance-role',
  'instance-type',
  'root-disk-source',
  'virt-type',
  'image-id',
]);
const UNIT = { M: 1, G: 1024, T: 1024 ** 2, P: 1024 ** 3 } as const;

function size(key: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)([MGTP]?)$/.exec(raw);
  if (!match) throw invalid(key, raw, 'a size such as 512M or 4G');
  return Math.ceil(Number(match[1]) * UNIT[(match[2] || 'M') as keyof typeof UNIT]);
}

function invalid(key: string, raw: string, expected: string): ControllerError {
  return new ControllerError(
    'invalid',
    `bad "${key}" constraint: expected ${expected}, got "${raw}"`,
  );
}

/** `key=value` pairs as Juju stores them; throws naming the first bad one. */
export function parseConstraints(values: Readonly<Record<string, string>>): Constraints {
  const out: Constraints = {};
  for (const [key, raw] of Object.entries(values)) {
    if (SIZES.has(key)) out[key] = size(key, raw);
    else if (COUNTS.has(key)) {
      if (!/^\d+$/.test(raw)) throw invalid(key, raw, 'a whole number');
      out[key] = Number(raw);
    } else if (LISTS.has(key)) out[key] = raw.split(',').filter(Boolean);
    else if (BOOLS.has(key)) {
      if (raw !== 'true' && raw !== 'false') throw invalid(key, raw, 'true or false');
      out[key] = raw === 'true';
    } else if (STRINGS.has(key)) out[key] = raw;
    else
      throw new ControllerError(
        'invalid',
        `unknown constraint "${key}": valid ones are ${[...SIZES, ...COUNTS, ...LISTS, ...BOOLS, ...STRINGS].sort().join(', ')}`,
      );
  }
  return out;
}
