/**
 * @module zod schemas of the raw metadata files as Juju reads them (juju-semantics.md §7,
 * `juju/charm` meta.go, config.go, actions.go). Unknown keys inside Juju's own sections are
 * rejected; charmcraft-only top-level keys (`type`, `base`, `parts`, …) are allowed.
 */
import { z } from 'zod';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const name = (what: string): z.ZodString =>
  z.string().regex(NAME, `${what} must be lower-case letters, digits and single hyphens`);

const relationLong = z.strictObject({
  interface: z.string().min(1, 'interface must not be empty'),
  limit: z.number().int().positive().optional(),
  optional: z.boolean().optional(),
  scope: z.enum(['global', 'container']).optional(),
  description: z.string().optional(),
});
/** `db: dbi` shorthand or the long form. */
export const relationSchema = z.union([z.string().min(1), relationLong]);
export const relationsSchema = z.record(name('an endpoint name'), relationSchema);

export const storageSchema = z.strictObject({
  type: z.enum(['filesystem', 'block']),
  description: z.string().optional(),
  location: z.string().optional(),
  shared: z.boolean().optional(),
  'read-only': z.boolean().optional(),
  multiple: z
    .strictObject({
      range: z
        .union([z.string(), z.number()])
        .transform(String)
        .pipe(z.string().regex(/^\d+(-\d*|\+)?$/, 'range must be m, m-n, m+ or m-')),
    })
    .optional(),
  'minimum-size': z.union([z.string(), z.number()]).transform(String).optional(),
  properties: z.array(z.literal('transient')).optional(),
});

export const containerSchema = z.strictObject({
  resource: z.string().optional(),
  mounts: z
    .array(z.strictObject({ storage: z.string(), location: z.string().optional() }))
    .optional(),
  uid: z.number().int().nonnegative().optional(),
  gid: z.number().int().nonnegative().optional(),
  bases: z.array(z.unknown()).optional(),
});

export const resourceSchema = z.strictObject({
  type: z.enum(['file', 'oci-image']),
  filename: z.string().optional(),
  description: z.string().optional(),
  'upstream-source': z.string().optional(),
});

/** metadata.yaml, or the metadata part of charmcraft.yaml. */
export const metadataSchema = z.looseObject({
  name: name('the charm name'),
  summary: z.string().optional(),
  description: z.string().optional(),
  subordinate: z.boolean().optional(),
  provides: relationsSchema.optional(),
  requires: relationsSchema.optional(),
  peers: relationsSchema.optional(),
  'extra-bindings': z.record(z.string(), z.null()).optional(),
  storage: z.record(name('a storage name'), storageSchema).optional(),
  devices: z.record(z.string(), z.unknown()).optional(),
  resources: z.record(name('a resource name'), resourceSchema).optional(),
  containers: z.record(name('a container name'), containerSchema).optional(),
  assumes: z.array(z.unknown()).optional(),
  'charm-user': z.enum(['root', 'sudoer', 'non-root']).optional(),
  terms: z.array(z.string()).optional(),
  series: z.array(z.string()).optional(),
  deployment: z.unknown().optional(),
  'min-juju-version': z.string().optional(),
});

export const configOptionSchema = z.strictObject({
  type: z.enum(['string', 'int', 'float', 'boolean', 'secret']).optional(),
  description: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});

/** config.yaml, or the `config:` section of charmcraft.yaml. */
export const configSchema = z.strictObject({
  options: z.record(z.string().min(1), configOptionSchema).nullish(),
});

const paramSchema: z.ZodType<Record<string, unknown>> = z.record(z.string(), z.unknown());

export const actionSchema = z.strictObject({
  description: z.string().optional(),
  params: z.record(z.string(), paramSchema).nullish(),
  required: z.array(z.string()).optional(),
  additionalProperties: z.boolean().optional(),
  parallel: z.boolean().optional(),
  'execution-group': z.string().optional(),
});

/** actions.yaml, or the `actions:` section of charmcraft.yaml. */
export const actionsSchema = z.record(name('an action name'), actionSchema.nullable());

export type RawMetadata = z.infer<typeof metadataSchema>;
export type RawConfigFile = z.infer<typeof configSchema>;
export type RawActions = z.infer<typeof actionsSchema>;
