/** @module zod errors → the SDK's {@link ValidationIssue}s, one conversion for every boundary. */
import type { z } from 'zod';
import type { ValidationIssue } from '../errors.ts';

/** Flattens a zod error into `{ path: 'a.b', message }` issues. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
