/**
 * @module From an ingress request to a route and the URL handed back (Traefik's naming):
 * path routing `http://<host>:<port>/<model>-<app>`, subdomain routing
 * `http://<app>.<model>.<host>:<port>/`. Everything a requirer wrote that ends up in a proxy
 * configuration is checked here against strict syntax (names, host names, addresses), so a
 * hostile databag cannot inject nginx directives.
 */
import { isIP } from 'node:net';
import { InvalidRelationDataError } from '@charmkit/ops';
import type { IngressRequest } from '@charmkit/interfaces';
import type { RoutingMode } from './config.ts';
import { HOST_NAME, JUJU_NAME, hostPort } from './routes.ts';
import type { Route } from './routes.ts';

export interface RoutingSettings {
  readonly mode: RoutingMode;
  /** The host in URLs: `external-hostname`, else the bind address. */
  readonly externalHost: string;
  readonly port: number;
}

export type RouteRequest = Pick<
  IngressRequest,
  'relationId' | 'model' | 'name' | 'port' | 'stripPrefix' | 'scheme' | 'units'
> & { readonly endpoint: string; readonly remoteApp: string };

export interface RoutedApp {
  readonly route: Route;
  readonly url: string;
}

/**
 * The route and URL of one request.
 *
 * @throws {InvalidRelationDataError} when a name, host or scheme cannot be routed safely.
 */
export function routeFor(request: RouteRequest, settings: RoutingSettings): RoutedApp {
  const fail = (owner: string, path: string, message: string): never => {
    throw new InvalidRelationDataError(
      { relationId: request.relationId, endpoint: request.endpoint, owner },
      [{ path, message }],
    );
  };
  for (const key of ['model', 'name'] as const) {
    if (!JUJU_NAME.test(request[key]))
      fail(request.remoteApp, key, `not a Juju name: ${JSON.stringify(request[key])}`);
  }
  if (request.scheme === 'h2c')
    fail(request.remoteApp, 'scheme', 'h2c upstreams are not supported by this proxy');
  const upstreams = request.units.map((unit) => {
    const address = unit.ip ?? unit.host;
    if (isIP(address) === 0 && !HOST_NAME.test(address))
      fail(unit.unit, 'host', `not a host name or address: ${JSON.stringify(address)}`);
    return `${request.scheme}://${hostPort(address, request.port)}`;
  });
  const slug = `${request.model}-${request.name}`;
  const origin = hostPort(settings.externalHost, settings.port);
  const id = `r${request.relationId}`;
  if (settings.mode === 'subdomain') {
    const host = `${request.name}.${request.model}.${settings.externalHost}`;
    return {
      route: { id, app: slug, host, stripPrefix: false, upstreams },
      url: `http://${host}:${settings.port}/`,
    };
  }
  return {
    route: { id, app: slug, prefix: `/${slug}`, stripPrefix: request.stripPrefix, upstreams },
    url: `http://${origin}/${slug}`,
  };
}

/** Why subdomain routing cannot work with this external host, or undefined when it can. */
export function subdomainProblem(settings: RoutingSettings): string | undefined {
  if (settings.mode !== 'subdomain' || isIP(settings.externalHost) === 0) return undefined;
  return 'routing-mode "subdomain" needs external-hostname set to a DNS name';
}
