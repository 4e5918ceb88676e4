/**
 * @module The ingress charm: the provider side of `ingress` v2 on a per-unit reverse proxy.
 * One `reconcile()` turns config and every ingress relation into a route table, publishes
 * each app's URL (leader), and makes the unit's proxy serve the table through Pebble —
 * reloading, not restarting, when only routes change. Status is collected: active with the
 * URL count, waiting while something is missing, blocked with the reason otherwise.
 */
import { IngressProvider } from '@charmkit/interfaces';
import { Charm, InvalidRelationDataError, active, blocked, waiting } from '@charmkit/ops';
import type { CharmEvent, Framework, Relation } from '@charmkit/ops';
import { z } from 'zod';
import { configSchema } from './config.ts';
import type { IngressConfig, ProxyChoice } from './config.ts';
import { metadata } from './metadata.generated.ts';
import { ProxyConfigError, ProxyWorkload } from './proxy-workload.ts';
import type { ProxyHost, ProxyKind } from './proxy-workload.ts';
import { hostPort, routeSchema } from './routes.ts';
import type { Listen, Route } from './routes.ts';
import { routeFor, subdomainProblem } from './routing.ts';
import type { RoutingSettings } from './routing.ts';

type Meta = typeof metadata;

/** Stored state: the route each relation had when it was last ready. */
const LAST_ROUTES = 'routes';
const lastRoutesSchema = z.record(z.string(), routeSchema);

/** The proxy a `proxy` setting means on this host, or undefined when it cannot be had. */
export function chooseProxy(choice: ProxyChoice, host: ProxyHost): ProxyKind | undefined {
  if (choice === 'embedded') return 'embedded';
  if (host.nginx !== undefined) return 'nginx';
  return choice === 'auto' ? 'embedded' : undefined;
}

export class IngressCharm extends Charm<Meta> {
  static readonly metadata = metadata;
  readonly ingress: IngressProvider;

  constructor(framework: Framework<Meta>) {
    super(framework);
    this.ingress = new IngressProvider(this);
  }

  /** Nothing to converge before install, or while the unit is going away. */
  override shouldReconcile(event: CharmEvent<Meta>): boolean {
    return event.kind !== 'install' && event.kind !== 'stop' && event.kind !== 'remove';
  }

  override async reconcile(): Promise<void> {
    const config = this.loadConfig(configSchema);
    const address = config['bind-address'] || this.model.bindAddress('ingress');
    if (!address) {
      this.unit.addStatus(waiting("waiting for the unit's network address"));
      return;
    }
    const listen = { address, port: config.port };
    const settings = this.#settings(config, address);
    const problem = subdomainProblem(settings);
    if (problem !== undefined) {
      this.unit.addStatus(blocked(problem));
      return;
    }
    const routes = this.#routes(settings);
    await this.#serve(config.proxy, listen, routes);
  }

  #settings(config: IngressConfig, address: string): RoutingSettings {
    return {
      mode: config['routing-mode'],
      externalHost: config['external-hostname'] || address,
      port: config.port,
    };
  }

  /**
   * One route per related app. A relation that is not ready (a new unit has not written its
   * `host` yet) keeps its last route, as Traefik keeps its configuration until the next
   * `data_provided`; a relation with bad data is left out and reported as blocked.
   */
  #routes(settings: RoutingSettings): Route[] {
    const last = this.model.storedState.get(LAST_ROUTES, z.string());
    const previous = last === undefined ? {} : lastRoutesSchema.parse(JSON.parse(last));
    const next: Record<string, Route> = {};
    for (const relation of this.ingress.relations) {
      const routed = this.#route(relation, settings);
      const route = routed ?? previous[String(relation.id)];
      if (route !== undefined) next[String(relation.id)] = route;
    }
    this.model.storedState.set(LAST_ROUTES, JSON.stringify(next));
    return Object.values(next);
  }

  /** The relation's route (publishing its URL on the leader), or undefined. */
  #route(relation: Relation, settings: RoutingSettings): Route | undefined {
    try {
      const request = this.ingress.request(relation);
      if (request === undefined) return undefined;
      const remoteApp = relation.remoteApp ?? request.name;
      const { route, url } = routeFor(
        { ...request, endpoint: relation.endpoint, remoteApp },
        settings,
      );
      if (this.unit.isLeader()) this.ingress.publishUrl(relation, url);
      return route;
    } catch (error) {
      if (!(error instanceof InvalidRelationDataError)) throw error;
      this.unit.addStatus(blocked(error.message));
      if (this.unit.isLeader()) this.ingress.wipe(relation);
      return undefined;
    }
  }

  async #serve(choice: ProxyChoice, listen: Listen, routes: Route[]): Promise<void> {
    const container = this.unit.container('proxy');
    if (!(await container.canConnect())) {
      this.unit.addStatus(waiting('waiting for Pebble in the proxy container'));
      return;
    }
    const workload = new ProxyWorkload(container, this.framework.juju.charmDir);
    const host = await workload.inspect();
    const kind = chooseProxy(choice, host);
    if (kind === undefined) {
      this.unit.addStatus(blocked('proxy is "nginx" but nginx is not installed'));
      return;
    }
    const table = { routes };
    try {
      const outcome = await workload.apply({ kind, listen, table, host });
      if (outcome !== 'unchanged') this.logger.info(`${kind} proxy ${outcome}`);
    } catch (error) {
      if (!(error instanceof ProxyConfigError)) throw error;
      this.unit.addStatus(blocked(error.message));
      return;
    }
    this.unit.setPorts([{ protocol: 'tcp', port: listen.port }]);
    const probe = await workload.probe(listen, table);
    const where = hostPort(listen.address, listen.port);
    if (probe === 'up') {
      const urls = routes.length === 1 ? '1 URL' : `${routes.length} URLs`;
      this.unit.addStatus(active(`${urls} via ${kind} on ${where}`));
    } else if (probe === 'stale') {
      this.unit.addStatus(waiting(`${kind} proxy on ${where} has not applied the new routes yet`));
    } else if (probe === 'EADDRINUSE') {
      this.unit.addStatus(blocked(`port ${listen.port} on ${listen.address} is in use`));
    } else {
      this.unit.addStatus(waiting(`${kind} proxy is not answering on ${where} (${probe})`));
    }
  }
}
