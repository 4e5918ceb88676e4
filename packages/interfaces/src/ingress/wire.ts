/**
 * @module The ingress v2 wire (interfaces.md §4.1): per-key JSON in every bag. Requirer app
 * bag: `model`, `name`, `port`, optional `is_port_open`, `healthcheck_params`, `strip-prefix`,
 * `redirect-https`, `scheme` (defaults omitted); requirer unit bag: `host`, optional `ip`;
 * provider app bag: `ingress` = `{"url": …}`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { required } from '../json-databag.ts';

export const SCHEMES = ['http', 'https', 'h2c'] as const;
export type IngressScheme = (typeof SCHEMES)[number];

/** `healthcheck_params`; `interval`/`timeout` default to 30s/5s and are omitted when default. */
export const healthcheckSchema = z.object({
  path: z.string(required),
  scheme: z.enum(SCHEMES).optional(),
  hostname: z.string().optional(),
  port: z.number().int().optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
});
export type IngressHealthcheck = z.infer<typeof healthcheckSchema>;

export const requirerAppSchema = z.object({
  model: z.string(required),
  name: z.string(required),
  port: z
    .number(required)
    .int('must be a whole number')
    .gt(0, 'must be from 1 to 65534')
    .lt(65535, 'must be from 1 to 65534'),
  is_port_open: z.boolean().optional(),
  healthcheck_params: healthcheckSchema.optional(),
  'strip-prefix': z.boolean().optional(),
  'redirect-https': z.boolean().optional(),
  scheme: z.enum(SCHEMES).optional(),
});
export type RequirerAppData = z.infer<typeof requirerAppSchema>;

export const requirerUnitSchema = z.object({
  host: z.string(required).min(1, 'must not be empty'),
  ip: z
    .string()
    .refine((ip) => isIP(ip) !== 0, 'must be an IPv4 or IPv6 address')
    .optional(),
});
export type RequirerUnitData = z.infer<typeof requirerUnitSchema>;

/**
 * An HTTP(S) URL normalised as pydantic's `AnyHttpUrl` (WHATWG rules, so a bare host gets
 * its trailing `/`).
 */
export const httpUrlSchema = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a URL: ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({
      code: 'custom',
      message: `expected an http or https URL, got ${JSON.stringify(text)}`,
    });
    return z.NEVER;
  }
  return url.href;
});

export const providerAppSchema = z.object({
  ingress: z.object({ url: httpUrlSchema }, required),
});

/** Python's defaults, omitted on the wire. */
export const HEALTHCHECK_DEFAULTS = { interval: '30s', timeout: '5s' } as const;
