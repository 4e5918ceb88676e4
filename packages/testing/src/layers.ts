/**
 * @module Combining Pebble layers into a plan the way Pebble does (pebble-api.md §2.2):
 * `replace` swaps the entry, `merge` overwrites non-empty scalars, appends lists and merges
 * maps. Used by the in-memory Pebble.
 */
import type { CheckSpec, LayerSpec, LogTargetSpec, Plan, ServiceSpec } from '@charmkit/ops/pebble';

type Entry = Readonly<Record<string, unknown>>;
type Section = 'services' | 'checks' | 'log-targets';
const SECTIONS: readonly Section[] = ['services', 'checks', 'log-targets'];
const SINGULAR: Record<Section, string> = {
  services: 'service',
  checks: 'check',
  'log-targets': 'log target',
};

/** A layer that Pebble would reject; `message` is Pebble's text. */
export class LayerError extends Error {}

/** Combines layers lowest-first into one plan. */
export function combineLayers(label: string, layers: readonly LayerSpec[]): Plan {
  const plan: Record<Section, Record<string, Entry>> = {
    services: {},
    checks: {},
    'log-targets': {},
  };
  for (const layer of layers) {
    for (const section of SECTIONS) {
      for (const [name, entry] of Object.entries(
        (layer[section] ?? {}) as unknown as Record<string, Entry>,
      )) {
        const override = entry.override;
        if (override !== 'merge' && override !== 'replace') {
          const what =
            override === undefined ? 'must define "override"' : 'has invalid "override" value';
          throw new LayerError(`layer "${label}" ${what} for ${SINGULAR[section]} "${name}"`);
        }
        const existing = plan[section][name];
        plan[section][name] =
          override === 'replace' || !existing
            ? structuredClone(entry)
            : mergeEntry(existing, entry);
      }
    }
  }
  for (const [name, service] of Object.entries(plan.services)) {
    if (typeof service.command !== 'string' || service.command.trim() === '') {
      throw new LayerError(`plan must define "command" for service "${name}"`);
    }
  }
  return {
    services: plan.services as unknown as Record<string, ServiceSpec>,
    checks: plan.checks as unknown as Record<string, CheckSpec>,
    'log-targets': plan['log-targets'] as unknown as Record<string, LogTargetSpec>,
  };
}

/** Field-wise merge; `override` keeps the value of the layer that created the entry. */
function mergeEntry(base: Entry, next: Entry): Entry {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(next)) {
    if (key === 'override' || value === undefined || value === null || value === '') continue;
    const old = out[key];
    if (Array.isArray(value)) {
      out[key] = [...(Array.isArray(old) ? (old as unknown[]) : []), ...(value as unknown[])];
    } else if (typeof value === 'object') {
      out[key] = mergeEntry((old ?? {}) as Entry, value as Entry);
    } else out[key] = value;
  }
  return out;
}
