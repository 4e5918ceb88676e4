/**
 * @module The provider side of `ingress` v2 (interfaces.md §4): the proxy (Traefik's role).
 * Reads each related app's request and every remote unit's `host`/`ip`; a relation is ready
 * once the app bag and every unit bag are written (§4.2 step 2). Publishes the URL as
 * `ingress` = `{"url": …}`, per-key JSON, clearing the bag first (§4.1).
 */
import { ModelError } from '@charmkit/ops';
import type { Relation, RelationEvent } from '@charmkit/ops';
import { dumpJsonBag, hasAnyKey, loadJsonBag } from '../json-databag.ts';
import type { AnyCharm } from '../relation-data.ts';
import { httpUrlSchema, requirerAppSchema, requirerUnitSchema } from './wire.ts';
import type { IngressHealthcheck, IngressScheme } from './wire.ts';

/** One unit of the requiring app. */
export interface IngressUnit {
  readonly unit: string;
  readonly host: string;
  readonly ip?: string;
}

/** What one related app asks for. */
export interface IngressRequest {
  readonly relation: Relation;
  readonly relationId: number;
  /** The requirer's model and app names, as it published them. */
  readonly model: string;
  readonly name: string;
  readonly port: number;
  readonly isPortOpen: boolean;
  readonly stripPrefix: boolean;
  readonly redirectHttps: boolean;
  readonly scheme: IngressScheme;
  /** With `interval` and `timeout` filled in (30s, 5s). */
  readonly healthcheck?: Required<Pick<IngressHealthcheck, 'path' | 'interval' | 'timeout'>> &
    IngressHealthcheck;
  readonly units: readonly IngressUnit[];
}

export interface IngressProviderOptions {
  /** The `provides:` endpoint; default `ingress`. */
  readonly endpoint?: string;
  /** A ready relation's request, on `relation-changed`/`-departed` (`data_provided`). */
  readonly onRequest?: (request: IngressRequest) => void | Promise<void>;
  /** A relation is being broken (`data_removed`). */
  readonly onRemoved?: (relation: Relation) => void | Promise<void>;
}

/**
 * Gives related apps a URL.
 *
 * @example
 * this.ingress = new IngressProvider(this);
 * // in reconcile(), on the leader:
 * for (const req of this.ingress.requests()) {
 *   this.ingress.publishUrl(req.relation, `http://${externalHost}/${req.model}-${req.name}`);
 * }
 */
export class IngressProvider {
  readonly endpoint: string;
  readonly #charm: AnyCharm;

  constructor(charm: AnyCharm, options: IngressProviderOptions = {}) {
    this.#charm = charm;
    this.endpoint = options.endpoint ?? 'ingress';
    const id = (kind: string) => `${this.endpoint}:ingress-provider:${kind}`;
    const filter = { endpoint: this.endpoint };
    const onRelation = async (event: RelationEvent): Promise<void> => {
      const request = this.request(event.relation);
      if (request && options.onRequest) await options.onRequest(request);
    };
    charm.observe('relation-changed', onRelation, { ...filter, id: id('changed') });
    charm.observe('relation-departed', onRelation, { ...filter, id: id('departed') });
    charm.observe(
      'relation-broken',
      async (event: RelationEvent) => {
        await options.onRemoved?.(event.relation);
      },
      { ...filter, id: id('broken') },
    );
  }

  /** Live relations on the endpoint. */
  get relations(): readonly Relation[] {
    return this.#charm.model.relations(this.endpoint);
  }

  /**
   * The request of one relation, or undefined while the app bag or some unit's `host` is not
   * written yet.
   *
   * @throws {InvalidRelationDataError} naming relation, owner, key and problem when a bag is
   *   malformed (not JSON, wrong type, missing required key, port out of range).
   */
  request(relation: Relation): IngressRequest | undefined {
    const appBag = relation.remoteAppData;
    if (!hasAnyKey(appBag, requirerAppSchema)) return undefined;
    const app = loadJsonBag(appBag, requirerAppSchema);
    const units: IngressUnit[] = [];
    for (const unit of relation.units) {
      const bag = relation.remoteUnitData(unit);
      if (bag.get('host') === undefined) return undefined;
      const data = loadJsonBag(bag, requirerUnitSchema);
      units.push({ unit, host: data.host, ...(data.ip === undefined ? {} : { ip: data.ip }) });
    }
    const check = app.healthcheck_params;
    return {
      relation,
      relationId: relation.id,
      model: app.model,
      name: app.name,
      port: app.port,
      isPortOpen: app.is_port_open ?? false,
      stripPrefix: app['strip-prefix'] ?? false,
      redirectHttps: app['redirect-https'] ?? false,
      scheme: app.scheme ?? 'http',
      ...(check === undefined ? {} : { healthcheck: { interval: '30s', timeout: '5s', ...check } }),
      units,
    };
  }

  /** Requests of every ready relation. */
  requests(): IngressRequest[] {
    return this.relations.flatMap((rel) => this.request(rel) ?? []);
  }

  /**
   * Publishes the URL for one relation (leader only), normalised like pydantic's `AnyHttpUrl`.
   *
   * @throws {ModelError} when `url` is not an http(s) URL; nothing is written then.
   */
  publishUrl(relation: Relation, url: string): void {
    const parsed = httpUrlSchema.safeParse(url);
    if (!parsed.success) {
      throw new ModelError(
        `cannot publish ingress URL on ${relation.endpoint}:${relation.id}: ${parsed.error.issues[0]?.message ?? 'invalid URL'}`,
      );
    }
    dumpJsonBag(relation.localAppData, { ingress: { url: parsed.data } });
  }

  /** Removes the URL (Traefik's `wipe_ingress_data`); the requirer does not see `revoked`. */
  wipe(relation: Relation): void {
    dumpJsonBag(relation.localAppData, {});
  }
}
