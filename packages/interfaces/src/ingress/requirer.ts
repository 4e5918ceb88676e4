/**
 * @module The requirer side of `ingress` v2 (interfaces.md §4): the app that wants to be
 * reachable. Publishes `model`/`name`/`port`/… in the app bag (leader) and `host`/`ip` in
 * every unit's bag, per-key JSON with clear-before-write (§4.1), and reads the URL the
 * provider publishes. `ready` fires when the URL differs from the one this unit last saw,
 * `revoked` on `relation-broken` (§4.2 step 4).
 */
import { hostname } from 'node:os';
import type { Relation, RelationEvent } from '@charmkit/ops';
import { z } from 'zod';
import { dumpJsonBag, hasAnyKey, loadJsonBag } from '../json-databag.ts';
import type { AnyCharm } from '../relation-data.ts';
import { HEALTHCHECK_DEFAULTS, providerAppSchema } from './wire.ts';
import type { IngressHealthcheck, IngressScheme } from './wire.ts';

export interface IngressRequirerOptions {
  /** The `requires:` endpoint; default `ingress`. */
  readonly endpoint?: string;
  /** The port the provider should route to (1–65534). */
  readonly port: number;
  readonly stripPrefix?: boolean;
  readonly redirectHttps?: boolean;
  /** Default `http`. */
  readonly scheme?: IngressScheme;
  readonly healthcheck?: IngressHealthcheck;
  /**
   * This unit's host name. Python uses `socket.getfqdn()`; the default here is
   * `os.hostname()`. Give a per-unit resolvable name (interfaces.md §14.5).
   */
  readonly host?: string;
  /** This unit's address; default the relation's bind address, omitted when unknown. */
  readonly ip?: string;
  /** A new URL arrived (or the first one). Runs before `reconcile()`. */
  readonly onReady?: (event: IngressReadyEvent) => void | Promise<void>;
  /** The relation is being broken. */
  readonly onRevoked?: (relation: Relation) => void | Promise<void>;
}

export interface IngressReadyEvent {
  readonly relation: Relation;
  readonly url: string;
}

const URL_KEY = (endpoint: string): string => `charmkit.ingress.${endpoint}.url`;

/**
 * Asks an ingress provider (Traefik, …) for a URL. Publishing happens on the events the Python
 * library uses (`relation-changed`, `relation-departed`, `leader-elected`, `upgrade-charm`);
 * call {@link publish} from `reconcile()` too, as paas-charm does.
 *
 * @example
 * this.ingress = new IngressRequirer(this, { port: 8000, stripPrefix: true });
 * // in reconcile():
 * this.ingress.publish();
 * const url = this.ingress.url(); // 'http://10.0.0.5/demo-webapp' once Traefik answered
 */
export class IngressRequirer {
  readonly endpoint: string;
  readonly #charm: AnyCharm;
  readonly #options: IngressRequirerOptions;

  constructor(charm: AnyCharm, options: IngressRequirerOptions) {
    this.#charm = charm;
    this.#options = options;
    this.endpoint = options.endpoint ?? 'ingress';
    const id = (kind: string) => `${this.endpoint}:ingress-requirer:${kind}`;
    const onRelation = async (event: RelationEvent): Promise<void> => {
      this.publish(event.relation);
      await this.#checkUrl(event.relation);
    };
    const filter = { endpoint: this.endpoint };
    charm.observe('relation-changed', onRelation, { ...filter, id: id('changed') });
    charm.observe('relation-departed', onRelation, { ...filter, id: id('departed') });
    charm.observe('leader-elected', () => this.publish(), { id: id('leader-elected') });
    charm.observe('upgrade-charm', () => this.publish(), { id: id('upgrade-charm') });
    charm.observe(
      'relation-broken',
      async (event: RelationEvent) => {
        charm.model.storedState.delete(URL_KEY(this.endpoint));
        await options.onRevoked?.(event.relation);
      },
      { ...filter, id: id('broken') },
    );
  }

  /** The one relation on the endpoint (`limit: 1`), or null. */
  get relation(): Relation | null {
    return this.#charm.model.relation(this.endpoint);
  }

  /**
   * Writes the request: the app bag on the leader, this unit's bag everywhere. Both bags are
   * cleared first, as the Python library does, so Juju's address keys in the unit bag go too.
   * Only the net change reaches Juju, so calling it on every event is cheap.
   */
  publish(relation?: Relation): void {
    const rels = relation ? [relation] : this.#charm.model.relations(this.endpoint);
    for (const rel of rels) {
      if (this.#charm.unit.isLeader()) dumpJsonBag(rel.localAppData, this.#appData());
      dumpJsonBag(rel.localUnitData, { host: this.#host(), ip: this.#ip(rel) });
    }
  }

  /**
   * The URL the provider published, normalised like pydantic's `AnyHttpUrl`, or undefined.
   *
   * @throws {InvalidRelationDataError} when `ingress` is not JSON or holds no http(s) URL.
   */
  url(relation?: Relation): string | undefined {
    const rel = relation ?? this.relation;
    if (!rel) return undefined;
    const bag = rel.remoteAppData;
    if (!hasAnyKey(bag, providerAppSchema)) return undefined;
    return loadJsonBag(bag, providerAppSchema).ingress.url;
  }

  #appData(): Record<string, string | number | boolean | Record<string, string | number>> {
    const o = this.#options;
    const data: Record<string, string | number | boolean | Record<string, string | number>> = {
      model: this.#charm.model.name,
      name: this.#charm.app.name,
      port: o.port,
    };
    if (this.#portOpen()) data['is_port_open'] = true;
    if (o.healthcheck) data['healthcheck_params'] = withoutDefaults(o.healthcheck);
    if (o.stripPrefix) data['strip-prefix'] = true;
    if (o.redirectHttps) data['redirect-https'] = true;
    if (o.scheme && o.scheme !== 'http') data['scheme'] = o.scheme;
    return data;
  }

  #portOpen(): boolean {
    const port = this.#options.port;
    return this.#charm.unit
      .openedPorts()
      .some(
        (p) =>
          p.protocol === 'tcp' &&
          p.port !== undefined &&
          p.port <= port &&
          port <= (p.toPort ?? p.port),
      );
  }

  #host(): string {
    return this.#options.host ?? hostname();
  }

  #ip(relation: Relation): string | undefined {
    if (this.#options.ip !== undefined) return this.#options.ip;
    try {
      return this.#charm.model.bindAddress(this.endpoint, relation.id);
    } catch {
      return undefined; // Python omits the ip when network-get cannot tell it.
    }
  }

  async #checkUrl(relation: Relation): Promise<void> {
    const url = this.url(relation);
    if (url === undefined) return;
    const store = this.#charm.model.storedState;
    if (store.get(URL_KEY(this.endpoint), z.string()) === url) return;
    store.set(URL_KEY(this.endpoint), url);
    await this.#options.onReady?.({ relation, url });
  }
}

/** `model_dump(exclude_defaults=True)` of the health check, in declaration order. */
function withoutDefaults(check: IngressHealthcheck): Record<string, string | number> {
  const out: Record<string, string | number> = { path: check.path };
  if (check.scheme !== undefined) out['scheme'] = check.scheme;
  if (check.hostname !== undefined) out['hostname'] = check.hostname;
  if (check.port !== undefined) out['port'] = check.port;
  if (check.interval !== undefined && check.interval !== HEALTHCHECK_DEFAULTS.interval) {
    out['interval'] = check.interval;
  }
  if (check.timeout !== undefined && check.timeout !== HEALTHCHECK_DEFAULTS.timeout) {
    out['timeout'] = check.timeout;
  }
  return out;
}
