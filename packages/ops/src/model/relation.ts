/**
 * @module A relation as one unit sees it (ops-protocol.md §5, juju-semantics.md §2.4, §3):
 * the remote app and units, and the four kinds of databag. Membership is read lazily with
 * `relation-list`; a relation being broken in this hook is inactive and tells no tales.
 */
import type { RelationRef } from '../backend/backend.ts';
import { RelationNotFoundError } from '../errors.ts';
import { Databag } from './databag.ts';
import type { ModelContext } from './model-context.ts';

export class Relation<E extends string = string> implements RelationRef {
  readonly id: number;
  readonly endpoint: E;
  /** False during this relation's own `relation-broken` hook, or once Juju has forgotten it. */
  readonly active: boolean;
  readonly #ctx: ModelContext;
  #units: string[] | undefined;
  #remoteApp: string | null | undefined;
  readonly #bags = new Map<string, Databag>();

  constructor(ctx: ModelContext, endpoint: E, id: number, options?: { active?: boolean }) {
    this.#ctx = ctx;
    this.endpoint = endpoint;
    this.id = id;
    this.active = options?.active ?? true;
  }

  /** Whether this is a peer relation (the remote app is this app). */
  get isPeer(): boolean {
    return this.#ctx.isPeerEndpoint(this.endpoint);
  }

  /** Remote units that have joined (peers: the other units of this app). Same as `relation-list`. */
  get units(): readonly string[] {
    if (this.#units === undefined) {
      try {
        this.#units = this.#ctx.backend.relationList(this);
      } catch (error) {
        // Dead relations tell no tales: Juju forgets a broken relation's members.
        if (error instanceof RelationNotFoundError) this.#units = [];
        else throw error;
      }
    }
    return this.#units;
  }

  /** The remote application's name, or null once Juju no longer knows it. */
  get remoteApp(): string | null {
    if (this.#remoteApp !== undefined) return this.#remoteApp;
    const juju = this.#ctx.juju;
    if (this.isPeer) this.#remoteApp = juju.appName;
    else if (juju.relationId === this.id && juju.remoteApp) this.#remoteApp = juju.remoteApp;
    else {
      const first = this.units[0];
      this.#remoteApp = first
        ? first.slice(0, first.indexOf('/'))
        : this.#ctx.backend.relationRemoteApp(this);
    }
    return this.#remoteApp;
  }

  /** This unit's bag: always readable and writable. */
  get localUnitData(): Databag {
    return this.#bag(this.#ctx.juju.unitName, 'local-unit');
  }

  /** This app's bag: the leader reads and writes it; other units read it only on peer relations. */
  get localAppData(): Databag {
    return this.#bag(this.#ctx.juju.appName, 'local-app');
  }

  /** The remote app's bag (read-only). Empty when the remote app is unknown. */
  get remoteAppData(): Databag {
    const app = this.remoteApp;
    return this.#bag(app ?? '', 'remote-app');
  }

  /** A remote unit's bag (read-only). Departed units stay readable for the relation's lifetime. */
  remoteUnitData(unit: string): Databag {
    return this.#bag(unit, 'remote-unit');
  }

  #bag(owner: string, kind: Databag['ownerKind']): Databag {
    const key = `${kind}:${owner}`;
    let bag = this.#bags.get(key);
    if (!bag) {
      bag = new Databag(this.#ctx, this, owner, kind);
      this.#bags.set(key, bag);
    }
    return bag;
  }
}
