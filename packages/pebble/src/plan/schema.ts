/**
 * @module zod schemas for one layer's sections (pebble-api.md §2.1). Unknown-field detection
 * happens before these run (see parse-layer.ts) so errors carry Go's wording and line numbers.
 */
import { z } from 'zod';
import { parseDuration } from '../util/duration.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const stringList = z.array(scalar);
const stringMap = z.record(z.string(), z.union([scalar, z.null().transform(() => '')]));
const duration = scalar.transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
const int = z.number().int();

export const serviceSchema = z.object({
  summary: scalar.optional(),
  description: scalar.optional(),
  startup: z.enum(['enabled', 'disabled', '']).optional(),
  override: scalar.optional(),
  command: scalar.optional(),
  after: stringList.optional(),
  before: stringList.optional(),
  requires: stringList.optional(),
  workload: scalar.optional(),
  environment: stringMap.optional(),
  'user-id': int.optional(),
  user: scalar.optional(),
  'group-id': int.optional(),
  group: scalar.optional(),
  'working-dir': scalar.optional(),
  'on-success': scalar.optional(),
  'on-failure': scalar.optional(),
  'on-check-failure': stringMap.optional(),
  'backoff-delay': duration.optional(),
  'backoff-factor': z.number().optional(),
  'backoff-limit': duration.optional(),
  'kill-delay': duration.optional(),
});

export const checkSchema = z.object({
  override: scalar.optional(),
  level: scalar.optional(),
  startup: scalar.optional(),
  period: duration.optional(),
  timeout: duration.optional(),
  threshold: int.optional(),
  http: z.object({ url: scalar.optional(), headers: stringMap.optional() }).nullish(),
  tcp: z.object({ port: int.optional(), host: scalar.optional() }).nullish(),
  exec: z
    .object({
      command: scalar.optional(),
      'service-context': scalar.optional(),
      environment: stringMap.optional(),
      'user-id': int.optional(),
      user: scalar.optional(),
      'group-id': int.optional(),
      group: scalar.optional(),
      'working-dir': scalar.optional(),
    })
    .nullish(),
});

export const logTargetSchema = z.object({
  type: scalar.optional(),
  location: scalar.optional(),
  services: stringList.optional(),
  override: scalar.optional(),
  labels: stringMap.optional(),
});

/** Known fields per Go type, for the `field x not found in type plan.T` errors. */
export const KNOWN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'plan.Service': Object.keys(serviceSchema.shape),
  'plan.Check': Object.keys(checkSchema.shape),
  'plan.HTTPCheck': ['url', 'headers'],
  'plan.TCPCheck': ['port', 'host'],
  'plan.ExecCheck': Object.keys(checkSchema.shape.exec.unwrap().unwrap().shape),
  'plan.LogTarget': Object.keys(logTargetSchema.shape),
};
