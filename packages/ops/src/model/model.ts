/**
 * @module The model as one unit sees it in one dispatch: this unit and app, config,
 * relations, secrets, storage, resources, networks and stored state.
 */
import type { NetworkInfo } from '../backend/backend.ts';
import { RelationNotFoundError, TooManyRelatedAppsError } from '../errors.ts';
import type { CharmMeta } from '../metadata/types.ts';
import type { ConfigOf, EndpointName, ResourceName, StorageName } from '../metadata/typed.ts';
import { readConfig } from './config.ts';
import type { ModelContext } from './model-context.ts';
import { Relation } from './relation.ts';
import { Secret } from './secret.ts';
import { Storage } from './storage.ts';
import { StoredState } from './stored-state.ts';
import { App, Unit } from './unit.ts';

export class Model<M extends CharmMeta = CharmMeta> {
  readonly name: string;
  readonly uuid: string;
  readonly unit: Unit<M>;
  readonly app: App;
  readonly storedState: StoredState;
  readonly #ctx: ModelContext;
  #config: ConfigOf<M> | undefined;
  readonly #relations = new Map<string, Relation[]>();

  constructor(ctx: ModelContext) {
    this.#ctx = ctx;
    this.name = ctx.juju.modelName;
    this.uuid = ctx.juju.modelUuid;
    this.unit = new Unit<M>(ctx);
    this.app = new App(ctx);
    this.storedState = new StoredState(ctx);
  }

  /** Config, typed from metadata; read once per dispatch. @throws {InvalidConfigError} */
  get config(): ConfigOf<M> {
    this.#config ??= readConfig(this.#ctx) as ConfigOf<M>;
    return this.#config;
  }

  /**
   * Every live relation on an endpoint. A relation being broken in this hook is left out,
   * as Juju does. Same as `relation-ids`.
   */
  relations<E extends EndpointName<M>>(endpoint: E): readonly Relation<E>[] {
    let list = this.#relations.get(endpoint);
    if (!list) {
      const broken = this.#ctx.juju.dispatchPath.endsWith(`/${endpoint}-relation-broken`)
        ? this.#ctx.juju.relationId
        : undefined;
      list = this.#ctx.backend
        .relationIds(endpoint)
        .filter((id) => id !== broken)
        .map((id) => new Relation(this.#ctx, endpoint, id));
      this.#relations.set(endpoint, list);
    }
    return list as Relation<E>[];
  }

  /**
   * The one relation on an endpoint, or null.
   *
   * @throws {TooManyRelatedAppsError} when there is more than one.
   */
  relation<E extends EndpointName<M>>(endpoint: E): Relation<E> | null {
    const list = this.relations(endpoint);
    if (list.length > 1) throw new TooManyRelatedAppsError(endpoint, list.length, 1);
    return list[0] ?? null;
  }

  /**
   * A relation by id: live relations first, then the one this hook is about (inactive when
   * it is being broken).
   *
   * @throws {RelationNotFoundError} when neither.
   */
  getRelation<E extends EndpointName<M>>(endpoint: E, id: number): Relation<E> {
    const live = this.relations(endpoint).find((r) => r.id === id);
    if (live) return live;
    if (this.#ctx.juju.relationId === id && this.#ctx.juju.relationName === endpoint) {
      return new Relation(this.#ctx, endpoint, id, { active: false });
    }
    throw new RelationNotFoundError(`relation ${endpoint}:${id} not found`, { relationId: id });
  }

  /**
   * Looks a secret up by id, label, or both (which records this unit's label for it), and
   * reads its content. Same as `secret-get`.
   *
   * @throws {SecretNotFoundError}
   */
  getSecret(lookup: { readonly id?: string; readonly label?: string }): Secret {
    const secret = new Secret(this.#ctx, lookup);
    secret.getContent();
    return secret;
  }

  /** Storage instances attached under one name. Same as `storage-list <name>`. */
  storages(name: StorageName<M>): Storage[] {
    return this.#ctx.backend.storageList(name).map((id) => new Storage(this.#ctx, id));
  }

  /** Asks Juju for more storage instances (applied when the hook ends). Same as `storage-add`. */
  requestStorage(name: StorageName<M>, count = 1): void {
    this.#ctx.backend.storageAdd({ [name]: count });
  }

  /** The local path of a file resource. Same as `resource-get`. */
  resourcePath(name: ResourceName<M>): string {
    return this.#ctx.backend.resourceGet(name);
  }

  /** Network details of an endpoint or extra binding. Same as `network-get`. */
  network(binding: string, relationId?: number): NetworkInfo {
    if (relationId === undefined) return this.#ctx.backend.networkGet(binding);
    try {
      return this.#ctx.backend.networkGet(binding, relationId);
    } catch (error) {
      // ops retries without -r when the relation is gone: the binding itself still resolves.
      if (error instanceof RelationNotFoundError) return this.#ctx.backend.networkGet(binding);
      throw error;
    }
  }

  /** The first bind address of a binding, e.g. to put in relation data. */
  bindAddress(binding: string, relationId?: number): string | undefined {
    return this.network(binding, relationId).bindAddresses[0]?.addresses[0]?.value;
  }
}
