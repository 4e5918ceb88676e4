/**
 * @module Combining layers into a plan (pebble-api.md §2.2): `override: replace` swaps the
 * whole entry, `merge` merges field-wise (non-empty scalars win, lists append, maps merge).
 */
import { FormatError } from '../errors.ts';
import type { Check, ExecCheck, HttpCheck, Layer, LogTarget, Plan, Service } from './types.ts';
import { DEFAULT_CHECK_THRESHOLD } from './types.ts';

function copy<T>(value: T): T {
  return structuredClone(value);
}

function mergeMap(
  base: Record<string, string> | undefined,
  extra: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!extra) return base;
  return { ...base, ...extra };
}

function mergeList(base: string[] | undefined, extra: string[] | undefined): string[] | undefined {
  if (!extra) return base;
  return [...(base ?? []), ...extra];
}

const SERVICE_STRINGS = [
  'summary',
  'description',
  'startup',
  'command',
  'user',
  'group',
  'working-dir',
  'workload',
  'on-success',
  'on-failure',
] as const;
const SERVICE_SET_IF_DEFINED = [
  'user-id',
  'group-id',
  'kill-delay',
  'backoff-delay',
  'backoff-factor',
  'backoff-limit',
] as const;

/** Merges `extra` into `base` in place like Go's `Service.Merge`. */
export function mergeService(base: Service, extra: Service): void {
  for (const key of SERVICE_STRINGS) {
    const value = extra[key];
    if (value) base[key] = value;
  }
  for (const key of SERVICE_SET_IF_DEFINED) {
    const value = extra[key];
    if (value !== undefined) base[key] = value;
  }
  for (const key of ['after', 'before', 'requires'] as const) {
    const merged = mergeList(base[key], extra[key]);
    if (merged) base[key] = merged;
  }
  const env = mergeMap(base.environment, extra.environment);
  if (env) base.environment = env;
  const ocf = mergeMap(base['on-check-failure'], extra['on-check-failure']);
  if (ocf) base['on-check-failure'] = ocf;
}

function mergeCheck(base: Check, extra: Check): void {
  if (extra.level) base.level = extra.level;
  if (extra.startup) base.startup = extra.startup;
  if (extra.period !== undefined) base.period = extra.period;
  if (extra.timeout !== undefined) base.timeout = extra.timeout;
  if (extra.threshold) base.threshold = extra.threshold;
  if (extra.http) mergeHttp((base.http ??= {}), extra.http);
  if (extra.tcp) {
    const tcp = (base.tcp ??= {});
    if (extra.tcp.port) tcp.port = extra.tcp.port;
    if (extra.tcp.host) tcp.host = extra.tcp.host;
  }
  if (extra.exec) mergeExec((base.exec ??= {}), extra.exec);
}

function mergeHttp(http: HttpCheck, extra: HttpCheck): void {
  if (extra.url) http.url = extra.url;
  const headers = mergeMap(http.headers, extra.headers);
  if (headers) http.headers = headers;
}

function mergeExec(exec: ExecCheck, extra: ExecCheck): void {
  for (const key of ['command', 'service-context', 'user', 'group', 'working-dir'] as const) {
    const value = extra[key];
    if (value) exec[key] = value;
  }
  if (extra['user-id'] !== undefined) exec['user-id'] = extra['user-id'];
  if (extra['group-id'] !== undefined) exec['group-id'] = extra['group-id'];
  const env = mergeMap(exec.environment, extra.environment);
  if (env) exec.environment = env;
}

function mergeLogTarget(base: LogTarget, extra: LogTarget): void {
  if (extra.type) base.type = extra.type;
  if (extra.location) base.location = extra.location;
  const services = mergeList(base.services, extra.services);
  if (services) base.services = services;
  const labels = mergeMap(base.labels, extra.labels);
  if (labels) base.labels = labels;
}

interface Mergeable {
  override?: string;
}

function combineSection<T extends Mergeable>(
  target: Record<string, T>,
  layer: { label: string; entries: Record<string, T> },
  what: string,
  merge: (base: T, extra: T) => void,
): void {
  for (const [name, entry] of Object.entries(layer.entries)) {
    const existing = target[name];
    if (entry.override === 'replace') {
      target[name] = copy(entry);
    } else if (entry.override === 'merge') {
      if (existing) merge(existing, entry);
      else target[name] = copy(entry);
    } else if (!entry.override) {
      throw new FormatError(
        `layer ${JSON.stringify(layer.label)} must define "override" for ${what} ${JSON.stringify(name)}`,
      );
    } else {
      throw new FormatError(
        `layer ${JSON.stringify(layer.label)} has invalid "override" value for ${what} ${JSON.stringify(name)}`,
      );
    }
  }
}

/** Combines layers in order into one layer (used for `combine: true` and for the plan). */
export function combineLayers(layers: readonly Layer[]): Layer {
  const last = layers[layers.length - 1];
  const out: Layer = {
    order: last?.order ?? 0,
    label: last?.label ?? '',
    services: {},
    checks: {},
    'log-targets': {},
  };
  for (const layer of layers) {
    if (layer.summary) out.summary = layer.summary;
    if (layer.description) out.description = layer.description;
    const { label } = layer;
    combineSection(out.services, { label, entries: layer.services }, 'service', mergeService);
    combineSection(out.checks, { label, entries: layer.checks }, 'check', mergeCheck);
    combineSection(
      out['log-targets'],
      { label, entries: layer['log-targets'] },
      'log target',
      mergeLogTarget,
    );
  }
  return out;
}

/** Builds the plan from ordered layers, filling in the defaults the plan shows (threshold). */
export function buildPlan(layers: readonly Layer[]): Plan {
  const combined = combineLayers(layers);
  for (const check of Object.values(combined.checks)) {
    check.threshold ??= DEFAULT_CHECK_THRESHOLD;
    if (check.threshold === 0) check.threshold = DEFAULT_CHECK_THRESHOLD;
  }
  return {
    services: combined.services,
    checks: combined.checks,
    'log-targets': combined['log-targets'],
  };
}
