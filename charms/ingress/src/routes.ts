/**
 * @module The route table: what the charm computes from the ingress relations and what both
 * proxies serve. The embedded proxy reads it as JSON (`routes.json`) and re-reads it on
 * SIGHUP; nginx gets it rendered as `nginx.conf` (nginx-config.ts). Pure data, no I/O.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Answered by both proxies on every host with 200 `ok <routes digest>`: the target of the
 * Pebble check, and how the charm knows a reload has taken effect.
 */
export const HEALTH_PATH = '/_ingress/health';

/** What a proxy serving `table` answers on {@link HEALTH_PATH}. */
export function healthText(table: RouteTable): string {
  const digest = createHash('sha256').update(JSON.stringify(table.routes)).digest('hex');
  return `ok ${digest.slice(0, 16)}\n`;
}

/** Juju model and application names: lower-case letters, digits and dashes. */
export const JUJU_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS host name (labels of letters, digits and dashes) — no spaces, quotes or `;`. */
export const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export const routeSchema = z.object({
  /** Stable identifier, safe in nginx names: `r<relation id>`. */
  id: z.string().regex(/^r[0-9]+$/),
  /** `<model>-<app>`, for logs and error bodies. */
  app: z.string(),
  /** Subdomain routing: the exact `Host` (without port) this route answers. */
  host: z.string().regex(HOST_NAME).optional(),
  /** Path routing: requests for `prefix` and `prefix/…` go to this route. */
  prefix: z
    .string()
    .regex(/^\/[a-z0-9-]+$/)
    .optional(),
  /** Remove `prefix` before forwarding (the requirer's `strip-prefix`). */
  stripPrefix: z.boolean(),
  /** Origins, `http://10.1.2.3:8000`, served round-robin; empty answers 502. */
  upstreams: z.array(z.url({ protocol: /^https?$/ })),
});
export type Route = z.infer<typeof routeSchema>;

export const routeTableSchema = z.object({ routes: z.array(routeSchema) });
export type RouteTable = z.infer<typeof routeTableSchema>;

/** Where a proxy listens. */
export interface Listen {
  readonly address: string;
  readonly port: number;
}

/** `address:port`, with IPv6 addresses bracketed. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The route a request with this Host and path goes to, or undefined (404). */
export function matchRoute(
  routes: readonly Route[],
  host: string | undefined,
  path: string,
): Route | undefined {
  const bare = host === undefined ? undefined : stripPort(host).toLowerCase();
  return routes.find((route) => {
    if (route.host !== undefined) return route.host.toLowerCase() === bare;
    const prefix = route.prefix ?? '/';
    return path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
  });
}

/** The path forwarded upstream: the prefix removed when the route strips it. */
export function upstreamPath(route: Route, url: string): string {
  if (!route.stripPrefix || route.prefix === undefined) return url;
  const rest = url.slice(route.prefix.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
