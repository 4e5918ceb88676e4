/**
 * @module Turns `JUJU_DISPATCH_PATH` into a typed target, once, at the edge (STYLE.md smell 2).
 * Hook names keep metadata names verbatim and only the suffix is Juju's (ops-protocol.md §3.1):
 * `db-relation-changed`, `my-c-pebble-ready`, `data-storage-attached`, `actions/do-thing`.
 */
import type { CharmMeta } from './metadata/types.ts';

/** Hooks that name no entity. */
export const LIFECYCLE_HOOKS = [
  'install',
  'start',
  'stop',
  'remove',
  'config-changed',
  'update-status',
  'upgrade-charm',
  'leader-elected',
  'leader-settings-changed',
  'pre-series-upgrade',
  'post-series-upgrade',
  'collect-metrics',
  'secret-changed',
  'secret-rotate',
  'secret-remove',
  'secret-expired',
] as const;

export type LifecycleHookKind = (typeof LIFECYCLE_HOOKS)[number];

export const RELATION_SUFFIXES = [
  'relation-created',
  'relation-joined',
  'relation-changed',
  'relation-departed',
  'relation-broken',
] as const;
export type RelationHookKind = (typeof RELATION_SUFFIXES)[number];

export const STORAGE_SUFFIXES = ['storage-attached', 'storage-detaching'] as const;
export type StorageHookKind = (typeof STORAGE_SUFFIXES)[number];

export const WORKLOAD_SUFFIXES = [
  'pebble-ready',
  'pebble-custom-notice',
  'pebble-check-failed',
  'pebble-check-recovered',
] as const;
export type WorkloadHookKind = (typeof WORKLOAD_SUFFIXES)[number];

/** Every kind of event Juju can dispatch to a charm. */
export type HookKind =
  LifecycleHookKind | RelationHookKind | StorageHookKind | WorkloadHookKind | 'action';

/** What one dispatch is about. `unknown` hooks are tolerated and run no handler (as ops does). */
export type DispatchTarget =
  | { readonly kind: LifecycleHookKind; readonly name: string }
  | { readonly kind: RelationHookKind; readonly name: string; readonly endpoint: string }
  | { readonly kind: StorageHookKind; readonly name: string; readonly storage: string }
  | { readonly kind: WorkloadHookKind; readonly name: string; readonly container: string }
  | { readonly kind: 'action'; readonly name: string; readonly action: string }
  | { readonly kind: 'unknown'; readonly name: string };

/**
 * Parses a dispatch path against the charm's metadata.
 *
 * @example
 * parseDispatchPath('hooks/db-relation-changed', meta); // { kind: 'relation-changed', endpoint: 'db', … }
 */
export function parseDispatchPath(dispatchPath: string, meta: CharmMeta): DispatchTarget {
  const slash = dispatchPath.lastIndexOf('/');
  const dir = dispatchPath.slice(0, slash).split('/').pop();
  const name = dispatchPath.slice(slash + 1);
  if (dir === 'actions') return { kind: 'action', name, action: name };
  if ((LIFECYCLE_HOOKS as readonly string[]).includes(name))
    return { kind: name as LifecycleHookKind, name };
  const endpoints = new Set([
    ...Object.keys(meta.requires),
    ...Object.keys(meta.provides),
    ...Object.keys(meta.peers),
    'juju-info',
  ]);
  for (const suffix of RELATION_SUFFIXES) {
    const entity = prefixOf(name, suffix);
    if (entity !== undefined && endpoints.has(entity))
      return { kind: suffix, name, endpoint: entity };
  }
  for (const suffix of STORAGE_SUFFIXES) {
    const entity = prefixOf(name, suffix);
    if (entity !== undefined && entity in meta.storage)
      return { kind: suffix, name, storage: entity };
  }
  for (const suffix of WORKLOAD_SUFFIXES) {
    const entity = prefixOf(name, suffix);
    if (entity !== undefined && entity in meta.containers)
      return { kind: suffix, name, container: entity };
  }
  return { kind: 'unknown', name };
}

/** The hook name Juju uses for an event on an entity: `db` + `relation-changed`. */
export function hookName(
  entity: string,
  suffix: RelationHookKind | StorageHookKind | WorkloadHookKind,
): string {
  return `${entity}-${suffix}`;
}

function prefixOf(name: string, suffix: string): string | undefined {
  const tail = `-${suffix}`;
  return name.endsWith(tail) && name.length > tail.length ? name.slice(0, -tail.length) : undefined;
}
