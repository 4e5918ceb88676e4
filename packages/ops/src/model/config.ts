/**
 * @module Typed charm config: `config-get` values checked against the metadata's option
 * types, defaults applied by Juju, `secret` options resolved to {@link Secret}s.
 */
import type { z } from 'zod';
import { InvalidConfigError } from '../errors.ts';
import type { ValidationIssue } from '../errors.ts';
import type { ConfigOptionMeta } from '../metadata/types.ts';
import type { ModelContext } from './model-context.ts';
import { Secret } from './secret.ts';
import { issuesFromZod } from './zod-issues.ts';

const SECRET_URI_RE = /^secret:(\/\/[0-9a-f-]+\/)?[0-9a-v]{20}$/;

function typeIssue(
  key: string,
  option: ConfigOptionMeta,
  value: unknown,
): ValidationIssue | undefined {
  const got = JSON.stringify(value);
  switch (option.type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : { path: key, message: `expected int, got ${got}` };
    case 'float':
      return typeof value === 'number'
        ? undefined
        : { path: key, message: `expected float, got ${got}` };
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : { path: key, message: `expected boolean, got ${got}` };
    case 'secret':
      return typeof value === 'string' && SECRET_URI_RE.test(value)
        ? undefined
        : { path: key, message: `expected a secret URI (secret:<id>), got ${got}` };
    case 'string':
      return typeof value === 'string'
        ? undefined
        : { path: key, message: `expected string, got ${got}` };
  }
}

/**
 * Reads `config-get` once and types it. An unset option without default is absent; an
 * empty secret option is absent too.
 *
 * @throws {InvalidConfigError} listing every value whose type does not match the metadata.
 */
export function readConfig(ctx: ModelContext): Record<string, unknown> {
  const raw = ctx.backend.configGet();
  const issues: ValidationIssue[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const option = ctx.meta.config[key];
    if (!option) {
      config[key] = value;
      continue;
    }
    if (option.type === 'secret' && value === '') continue;
    const issue = typeIssue(key, option, value);
    if (issue) issues.push(issue);
    else config[key] = option.type === 'secret' ? new Secret(ctx, { id: value as string }) : value;
  }
  if (issues.length > 0) throw new InvalidConfigError(issues);
  return config;
}

/**
 * Validates config with a zod schema on top of the metadata types.
 *
 * @throws {InvalidConfigError} listing every failing option.
 */
export function parseConfig<S extends z.ZodType>(
  config: Readonly<Record<string, unknown>>,
  schema: S,
): z.infer<S> {
  const result = schema.safeParse(config);
  if (result.success) return result.data;
  throw new InvalidConfigError(issuesFromZod(result.error));
}
