/**
 * @module The pydantic `DatabagModel` pattern (interfaces.md §1, encoding 2) used by ingress
 * v2: every value is `json.dumps(value)`; loading parses only the declared keys, ignores the
 * others, and fails when any declared key is not valid JSON; dumping clears the bag first.
 */
import type { Databag, ValidationIssue } from '@charmkit/ops';
import type { z } from 'zod';
import { pythonJsonDumps } from './python-json.ts';
import type { PythonJsonValue } from './python-json.ts';
import { invalidData, parseJson, zodIssues } from './relation-data.ts';

/**
 * Loads a per-key JSON bag: each declared key present is JSON-parsed, then the object is
 * validated by `schema`. Every problem is reported at once.
 *
 * @throws {InvalidRelationDataError} naming relation, owner, key and problem.
 */
export function loadJsonBag<S extends z.ZodObject>(bag: Databag, schema: S): z.infer<S> {
  const issues: ValidationIssue[] = [];
  const decoded: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const text = bag.get(key);
    if (text === undefined) continue;
    const parsed = parseJson(text);
    if (parsed.ok) decoded[key] = parsed.value;
    else issues.push({ path: key, message: parsed.message });
  }
  const result = schema.safeParse(decoded);
  if (!result.success) {
    for (const issue of zodIssues(result.error)) {
      if (!issues.some((i) => i.path === issue.path)) issues.push(issue);
    }
  }
  if (issues.length > 0) invalidData(bag, issues);
  return result.data as z.infer<S>;
}

/** Whether any declared key is present (an empty bag means "not written yet", not "bad"). */
export function hasAnyKey(bag: Databag, schema: z.ZodObject): boolean {
  return Object.keys(schema.shape).some((key) => bag.get(key) !== undefined);
}

/**
 * Writes values as per-key JSON after clearing the bag, as `DatabagModel.dump(clear=True)`
 * does; undefined values are left out. Only the net change is sent.
 */
export function dumpJsonBag(
  bag: Databag,
  values: Readonly<Record<string, PythonJsonValue | undefined>>,
): void {
  const changes: Record<string, string> = {};
  for (const key of bag.keys()) changes[key] = '';
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) changes[key] = pythonJsonDumps(value);
  }
  bag.update(changes);
}

/** `missing (required)` instead of zod's wording for absent required keys. */
export const required = {
  error: (issue: { input: unknown }): string | undefined =>
    issue.input === undefined ? 'missing (required)' : undefined,
};
