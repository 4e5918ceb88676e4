/**
 * @module What both interfaces share: the charm handle they attach to, one way to report a
 * malformed databag (ops' {@link InvalidRelationDataError}, naming relation, owner, key and
 * problem), and the JSON snapshot diff data_interfaces uses for change detection
 * (interfaces.md §2.1 `data`, §2.4).
 */
import { InvalidRelationDataError } from '@charmkit/ops';
import type { Charm, CharmMeta, Databag, ValidationIssue } from '@charmkit/ops';
import type { z } from 'zod';
import { pythonJsonDumps } from './python-json.ts';

/** Any charm: the interfaces only use its model, its Juju context and `observe()`. */
export type AnyCharm = Charm<CharmMeta>;

/** Throws the SDK's error for a bad databag, one issue per key. */
export function invalidData(bag: Databag, issues: readonly ValidationIssue[]): never {
  throw new InvalidRelationDataError(
    { relationId: bag.relation.id, endpoint: bag.relation.endpoint, owner: bag.owner },
    issues,
  );
}

/** Issues from a zod error, with the path prefixed (the databag key the value came from). */
export function zodIssues(error: z.ZodError, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = [...(prefix === undefined ? [] : [prefix]), ...issue.path.map(String)];
    return { path: path.join('.'), message: issue.message };
  });
}

/** Parses JSON text; the error message says what was wrong, for a {@link ValidationIssue}. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `not valid JSON (${reason}): ${truncate(text)}` };
  }
}

/** Shortens a value quoted in an error message. */
export function truncate(text: string, max = 80): string {
  return text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max))}…`;
}

/** Keys added, changed and deleted between two snapshots of a bag. */
export interface BagDiff {
  readonly added: ReadonlySet<string>;
  readonly changed: ReadonlySet<string>;
  readonly deleted: ReadonlySet<string>;
}

/** The bag without the `data` key, keys sorted as `relation-get` returns them. */
export function snapshotOf(content: Readonly<Record<string, string>>): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const key of Object.keys(content).sort()) {
    if (key !== 'data') snapshot[key] = content[key] as string;
  }
  return snapshot;
}

/** The `data` value data_interfaces writes: `json.dumps` of the snapshot. */
export function encodeSnapshot(snapshot: Readonly<Record<string, string>>): string {
  return pythonJsonDumps(snapshot);
}

/**
 * Reads a previous snapshot stored under `data` in `store` (empty when absent).
 *
 * @throws {InvalidRelationDataError} when `data` is not a JSON object of strings.
 */
export function readSnapshot(store: Databag): Record<string, string> {
  const text = store.get('data');
  if (text === undefined) return {};
  const parsed = parseJson(text);
  if (!parsed.ok) invalidData(store, [{ path: 'data', message: parsed.message }]);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalidData(store, [
      { path: 'data', message: `expected a JSON object, got ${truncate(text)}` },
    ]);
  }
  const snapshot: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    snapshot[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return snapshot;
}

/** data_interfaces' `diff()`: compares two snapshots key by key. */
export function diffSnapshots(
  previous: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
): BagDiff {
  const added = new Set<string>();
  const changed = new Set<string>();
  const deleted = new Set<string>();
  for (const [key, value] of Object.entries(current)) {
    if (!(key in previous)) added.add(key);
    else if (previous[key] !== value) changed.add(key);
  }
  for (const key of Object.keys(previous)) if (!(key in current)) deleted.add(key);
  return { added, changed, deleted };
}
