/**
 * @module zod schema of one bundle document, base or overlay (juju-semantics.md §8,
 * `juju/charm` bundledata.go). Every key is optional here: an overlay may say only
 * `db: {num_units: 3}`; rules about the merged bundle (charm required, relations) live in
 * `load.ts`. Unknown keys are rejected.
 */
import { z } from 'zod';

/** Shows a YAML value in a message: strings quoted, structures by their kind. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** Juju's application name rule: lowercase words of letters and digits, joined by hyphens. */
export const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;

const text = (hint: string): z.ZodString =>
  z.string({ error: (iss) => `expected text, got ${showValue(iss.input)} (${hint})` });

const bool = (key: string): z.ZodBoolean =>
  z.boolean({
    error: (iss) => `expected true or false, got ${showValue(iss.input)} (write ${key}: true)`,
  });

const wholeNumber = (key: string, example: number): z.ZodNumber =>
  z
    .number({
      error: (iss) =>
        `expected a whole number, got ${showValue(iss.input)} (write e.g. ${key}: ${example})`,
    })
    .int({ error: (iss) => `expected a whole number, got ${showValue(iss.input)}` })
    .nonnegative({ error: (iss) => `must not be negative, got ${showValue(iss.input)}` });

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: (iss) => `expected text, a number or true/false, got ${showValue(iss.input)}`,
});

const scalarMap = (what: string): z.ZodType<Record<string, string | number | boolean>> =>
  z.record(z.string(), scalar, {
    error: (iss) => `expected a mapping of ${what}, got ${showValue(iss.input)}`,
  });

/** Accepted-but-ignored values: machine placement, bases, bindings. */
const ignored = z.unknown().optional();

const resourceValue = z.union(
  [z.number().int().nonnegative(), z.string().min(1, 'a resource path must not be empty')],
  {
    error: (iss) =>
      `expected a revision number or a path to a local file, got ${showValue(iss.input)}`,
  },
);

/** One application entry; `null` or `{}` in an overlay removes the application. */
export const applicationSchema = z.strictObject(
  {
    charm: text('write the path to a local charm, e.g. charm: ./charms/db').optional(),
    channel: text('e.g. channel: latest/stable').optional(),
    revision: wholeNumber('revision', 12).optional(),
    base: ignored,
    series: ignored,
    num_units: wholeNumber('num_units', 2).optional(),
    scale: wholeNumber('scale', 2).optional(),
    to: ignored,
    placement: ignored,
    expose: bool('expose').optional(),
    'exposed-endpoints': ignored,
    options: z
      .record(z.string(), scalar.nullable(), {
        error: (iss) => `expected a mapping of option names to values, got ${showValue(iss.input)}`,
      })
      .optional(),
    annotations: scalarMap('annotation names to values').optional(),
    constraints: text('e.g. constraints: mem=4G').optional(),
    storage: scalarMap('storage names to directives').optional(),
    devices: ignored,
    bindings: ignored,
    resources: z
      .record(z.string(), resourceValue, {
        error: (iss) => `expected a mapping of resource names, got ${showValue(iss.input)}`,
      })
      .optional(),
    offers: ignored,
    trust: bool('trust').optional(),
    plan: ignored,
    requires: ignored,
  },
  { error: (iss) => `expected a mapping of application keys, got ${showValue(iss.input)}` },
);

export type ApplicationDoc = z.infer<typeof applicationSchema>;

const endpointRef = z.string({
  error: (iss) => `expected "app" or "app:endpoint", got ${showValue(iss.input)}`,
});

/** A relation entry as written; arity and references are checked after merging. */
const relationSchema = z.array(endpointRef, {
  error: (iss) =>
    `expected a list of two endpoints like [app:db, db:db], got ${showValue(iss.input)}`,
});

/** One YAML document of a bundle file or overlay. */
export const documentSchema = z.strictObject(
  {
    bundle: text('write bundle: kubernetes or leave it out').optional(),
    name: ignored,
    description: ignored,
    'default-base': ignored,
    series: ignored,
    tags: ignored,
    docs: ignored,
    issues: ignored,
    source: ignored,
    website: ignored,
    applications: z
      .record(z.string(), applicationSchema.nullable(), {
        error: (iss) => `expected a mapping of application names, got ${showValue(iss.input)}`,
      })
      .nullish(),
    machines: z
      .record(z.string(), z.unknown(), {
        error: (iss) => `expected a mapping of machine ids, got ${showValue(iss.input)}`,
      })
      .nullish(),
    saas: ignored,
    offers: ignored,
    relations: z
      .array(relationSchema, {
        error: (iss) => `expected a list of relations, got ${showValue(iss.input)}`,
      })
      .nullish(),
  },
  {
    error: (iss) => `expected a mapping of bundle keys, got ${showValue(iss.input)}`,
  },
);

export type BundleDoc = z.infer<typeof documentSchema>;

/** Top-level keys a bundle may have, for the "unknown key" message. */
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(documentSchema.shape);
/** Application keys, for the "unknown key" message. */
export const APPLICATION_KEYS: readonly string[] = Object.keys(applicationSchema.shape);
