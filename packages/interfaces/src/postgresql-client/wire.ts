/**
 * @module The data_interfaces v0 wire (interfaces.md §2.1, §2.2): key names, the field →
 * secret-group map, secret labels, and zod schemas for both apps' bags. Values are raw
 * strings except the JSON lists and objects the spec names (`requested-secrets`,
 * `provided-secrets`, `status`, `data`).
 */
import { compareJujuVersions } from '@charmkit/ops';
import { z } from 'zod';
import { parseJson } from '../relation-data.ts';

/** `requested-secrets` as data_interfaces 0.59 writes it (before `additional_secret_fields`). */
export const REQUESTED_SECRETS = [
  'username',
  'password',
  'tls',
  'tls-ca',
  'uris',
  'read-only-uris',
  'entity-name',
  'entity-password',
] as const;

/** `provided-secrets` of a requirer (only Kafka/etcd use the `mtls` group; harmless here). */
export const PROVIDED_SECRETS = ['mtls-cert'] as const;

/** The groups a secret field belongs to (`Data.SECRET_LABEL_MAP`). */
export type SecretGroup = 'user' | 'tls' | 'mtls' | 'entity' | 'extra';

const GROUP_OF: Readonly<Record<string, SecretGroup>> = {
  username: 'user',
  password: 'user',
  uris: 'user',
  'read-only-uris': 'user',
  tls: 'tls',
  'tls-ca': 'tls',
  'mtls-cert': 'mtls',
  'entity-name': 'entity',
  'entity-password': 'entity',
};

/** The secret group of a field; unknown fields go to `extra`. */
export function secretGroupOf(field: string): SecretGroup {
  return GROUP_OF[field] ?? 'extra';
}

/** The databag key holding a group's secret URI: `secret-<group>`. */
export function secretKeyOf(group: SecretGroup): string {
  return `secret-${group}`;
}

/** Owner label (provider) or consumer label (requirer): `<endpoint>.<relation-id>.<group>.secret`. */
export function secretLabel(endpoint: string, relationId: number, group: SecretGroup): string {
  return `${endpoint}.${relationId}.${group}.secret`;
}

/** Whether this Juju has secrets (`JujuVersion.has_secrets`: ≥ 3.0.3). */
export function hasSecrets(jujuVersion: string): boolean {
  return compareJujuVersions(jujuVersion, '3.0.3') >= 0;
}

/** A host and port from an `endpoints` list. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port[,host:port…]` (IPv6 hosts in brackets, `[::1]:5432`).
 *
 * @returns the endpoints, or a message saying what is wrong.
 */
export function parseEndpoints(text: string): Endpoint[] | string {
  const endpoints: Endpoint[] = [];
  for (const item of text.split(',')) {
    const entry = item.trim();
    const colon = entry.lastIndexOf(':');
    const rawHost = colon > 0 ? entry.slice(0, colon) : '';
    const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
    const portText = colon > 0 ? entry.slice(colon + 1) : '';
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (host === '' || !(port >= 1 && port <= 65535)) {
      return `expected comma-separated host:port pairs with ports from 1 to 65535, got ${JSON.stringify(entry)}`;
    }
    endpoints.push({ host, port });
  }
  return endpoints;
}

/** Formats endpoints back to the wire form. */
export function formatEndpoints(endpoints: readonly (Endpoint | string)[]): string {
  return endpoints
    .map((e) =>
      typeof e === 'string' ? e : `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`,
    )
    .join(',');
}

/** A string value that holds a JSON document validated by `schema`. */
function jsonText<S extends z.ZodType>(schema: S): z.ZodType<z.infer<S>> {
  return z.string().transform((text, ctx) => {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    const result = schema.safeParse(parsed.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      }
      return z.NEVER;
    }
    return result.data;
  });
}

const secretUri = z.string().regex(/^secret:/, 'expected a secret URI (secret:…)');

/** One entry of the provider's `status` list (0.55+). */
export const statusEntrySchema = z.object({
  code: z.number().int(),
  message: z.string(),
  resolution: z.string(),
});
export type ProviderStatus = z.infer<typeof statusEntrySchema>;

/** The requirer app bag as the provider reads it (§2.1 "Requirer app bag"). */
export const requestSchema = z.object({
  database: z.string().min(1, 'must not be empty'),
  'extra-user-roles': z.string().optional(),
  'extra-group-roles': z.string().optional(),
  'entity-type': z.enum(['USER', 'GROUP']).optional(),
  'prefix-matching': z.string().optional(),
  'external-node-connectivity': z.string().optional(),
  'requested-secrets': jsonText(z.array(z.string())).optional(),
  'provided-secrets': jsonText(z.array(z.string())).optional(),
  alias: z.string().optional(),
});

/** The provider app bag as the requirer reads it (§2.1 "Provider app bag"). */
export const providerDataSchema = z.object({
  data: jsonText(z.record(z.string(), z.unknown())).optional(),
  database: z.string().optional(),
  endpoints: z.string().optional(),
  'read-only-endpoints': z.string().optional(),
  version: z.string().optional(),
  'prefix-databases': z.string().optional(),
  subordinated: z.string().optional(),
  status: jsonText(z.array(statusEntrySchema)).optional(),
  'secret-user': secretUri.optional(),
  'secret-tls': secretUri.optional(),
  'secret-entity': secretUri.optional(),
  'secret-extra': secretUri.optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  uris: z.string().optional(),
  'read-only-uris': z.string().optional(),
  tls: z.string().optional(),
  'tls-ca': z.string().optional(),
});
export type ProviderData = z.infer<typeof providerDataSchema>;

/** `tls` is Python bool text (`True`/`False`) from PostgreSQL, `true`/`false` from v1 providers. */
export function parseTlsFlag(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}
