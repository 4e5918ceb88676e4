/**
 * @module Renders the plan as YAML exactly like `GET /v1/plan?format=yaml` (pebble-api.md §2.4):
 * yaml.v3 style, 4-space indent, Go's field order, durations as `Duration.String()`.
 */
import { stringify } from 'yaml';
import { formatDuration } from '../util/duration.ts';
import type { Check, LogTarget, Plan, Service } from './types.ts';

const SERVICE_ORDER: readonly (keyof Service)[] = [
  'summary',
  'description',
  'startup',
  'override',
  'command',
  'after',
  'before',
  'requires',
  'workload',
  'environment',
  'user-id',
  'user',
  'group-id',
  'group',
  'working-dir',
  'on-success',
  'on-failure',
  'on-check-failure',
  'backoff-delay',
  'backoff-factor',
  'backoff-limit',
  'kill-delay',
];
const DURATIONS = new Set(['backoff-delay', 'backoff-limit', 'kill-delay', 'period', 'timeout']);

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function ordered(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const record = source as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (isEmpty(value)) continue;
    out[key] = DURATIONS.has(key) ? formatDuration(value as number) : value;
  }
  return out;
}

function renderCheck(check: Check): Record<string, unknown> {
  const out = ordered(check, ['override', 'level', 'startup', 'period', 'timeout', 'threshold']);
  if (check.http) out['http'] = ordered(check.http, ['url', 'headers']);
  if (check.tcp) out['tcp'] = ordered(check.tcp, ['port', 'host']);
  if (check.exec) {
    out['exec'] = ordered(check.exec, [
      'command',
      'service-context',
      'environment',
      'user-id',
      'user',
      'group-id',
      'group',
      'working-dir',
    ]);
  }
  return out;
}

function renderLogTarget(target: LogTarget): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (target.type) out['type'] = target.type;
  if (target.location) out['location'] = target.location;
  out['services'] = target.services ?? [];
  Object.assign(out, ordered(target, ['override', 'labels']));
  return out;
}

function sortedEntries<T>(
  section: Record<string, T>,
  render: (v: T) => Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(section).sort()) out[name] = render(section[name] as T);
  return out;
}

/** Renders a plan as Pebble's YAML; an empty plan is `"{}\n"`. */
export function renderPlan(plan: Plan): string {
  const doc: Record<string, unknown> = {};
  if (!isEmpty(plan.services)) {
    doc['services'] = sortedEntries(plan.services, (s) => ordered(s, SERVICE_ORDER));
  }
  if (!isEmpty(plan.checks)) doc['checks'] = sortedEntries(plan.checks, renderCheck);
  if (!isEmpty(plan['log-targets'])) {
    doc['log-targets'] = sortedEntries(plan['log-targets'], renderLogTarget);
  }
  if (Object.keys(doc).length === 0) return '{}\n';
  return stringify(doc, { indent: 4, lineWidth: 0, indentSeq: true, version: '1.1' });
}
