/**
 * @module What every model object of one dispatch shares: the backend, the Juju context,
 * the metadata, and per-dispatch caches (Juju's answers do not change within a hook except
 * through this unit's own writes, which the caches apply).
 */
import type { Backend } from '../backend/backend.ts';
import type { JujuContext } from '../juju-context.ts';
import type { CharmMeta } from '../metadata/types.ts';

export class ModelContext {
  readonly backend: Backend;
  readonly juju: JujuContext;
  readonly meta: CharmMeta;
  #leader: boolean | undefined;

  constructor(backend: Backend, juju: JujuContext, meta: CharmMeta) {
    this.backend = backend;
    this.juju = juju;
    this.meta = meta;
  }

  /** `is-leader`, asked once per dispatch: leadership cannot move while a hook holds the lease. */
  isLeader(): boolean {
    this.#leader ??= this.backend.isLeader();
    return this.#leader;
  }

  isPeerEndpoint(endpoint: string): boolean {
    return endpoint in this.meta.peers;
  }
}
