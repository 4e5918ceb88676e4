/**
 * @module Each unit's workload containers (juju-semantics.md §2.3, issue: host mode): one
 * Pebble-compatible daemon per container, all served by one `PebbleHost` in the controller
 * process, with the socket where the SDK looks for it
 * (`<unit dir>/containers/<name>/pebble.socket`, passed as `CHARMKIT_PEBBLE_SOCKET_DIR`).
 * A container whose Pebble is up is owed a `pebble-ready` hook.
 */
import { join } from 'node:path';
import type { CharmMeta } from '@charmkit/ops';
import { PebbleHttpClient } from '@charmkit/ops/pebble';
import type { PebbleClient } from '@charmkit/ops/pebble';
import { PebbleHost } from '@charmkit/pebble';

export class UnitContainers {
  /** `<unit>/<container>` keys whose Pebble is up (the resolver's `pebbleUp`). */
  readonly up = new Set<string>();
  readonly #host = new PebbleHost();
  readonly #unitDir: (model: string, unit: string) => string;

  constructor(unitDir: (model: string, unit: string) => string) {
    this.#unitDir = unitDir;
  }

  socketPath(model: string, unit: string, container: string): string {
    return join(this.#unitDir(model, unit), 'containers', container, 'pebble.socket');
  }

  /** Starts the unit's container daemons that are not running yet. */
  async ensure(model: string, unit: string, meta: CharmMeta): Promise<void> {
    for (const name of Object.keys(meta.containers)) {
      const key = `${model}/${unit}/${name}`;
      if (this.#host.get(key)) continue;
      await this.#host.add(key, {
        stateDir: join(this.#unitDir(model, unit), 'containers', name, 'pebble'),
        socketPath: this.socketPath(model, unit, name),
        hold: true,
      });
      this.up.add(`${unit}/${name}`);
    }
  }

  client(model: string, unit: string, container: string): PebbleClient {
    return new PebbleHttpClient({ socketPath: this.socketPath(model, unit, container) });
  }

  /** Stops a removed unit's daemons (and with them its workloads). */
  async release(model: string, unit: string): Promise<void> {
    for (const key of this.#host.names.filter((k) => k.startsWith(`${model}/${unit}/`))) {
      await this.#host.remove(key);
      this.up.delete(`${unit}/${key.slice(`${model}/${unit}/`.length)}`);
    }
  }

  async stopAll(): Promise<void> {
    await this.#host.stopAll();
    this.up.clear();
  }
}
