/**
 * @module The charm's config, validated at the boundary: anything the metadata cannot express
 * (port range, address syntax, host-name syntax, enumerations) fails here with a precise
 * `blocked` message instead of reaching the proxy's configuration. Unset string options
 * (Juju has no empty-string default) read as empty.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { HOST_NAME } from './routes.ts';

export const PROXY_KINDS = ['auto', 'nginx', 'embedded'] as const;
export const ROUTING_MODES = ['path', 'subdomain'] as const;

export const configSchema = z.object({
  port: z.number().int().min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
  'bind-address': z
    .string()
    .trim()
    .refine((a) => a === '' || isIP(a) !== 0, 'must be an IPv4 or IPv6 address, or empty')
    .default(''),
  'external-hostname': z
    .string()
    .trim()
    .refine(
      (h) => h === '' || HOST_NAME.test(h) || isIP(h) !== 0,
      'must be a host name or an address, or empty',
    )
    .default(''),
  'routing-mode': z.enum(ROUTING_MODES, { error: 'must be "path" or "subdomain"' }),
  proxy: z.enum(PROXY_KINDS, { error: 'must be "auto", "nginx" or "embedded"' }),
});
export type IngressConfig = z.infer<typeof configSchema>;
export type ProxyChoice = (typeof PROXY_KINDS)[number];
export type RoutingMode = (typeof ROUTING_MODES)[number];
