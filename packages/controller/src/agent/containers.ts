/**
 * @module Each unit's workload containers (juju-semantics.md §2.3, issue: host mode): one
 * Pebble-compatible daemon per container, all served by one `PebbleHost` in the controller
 * process, with the socket where the SDK looks for it
 * (`<unit dir>/containers/<name>/pebble.socket`, passed as `CHARMKIT_PEBBLE_SOCKET_DIR`).
 * A container whose Pebble is up is owed a `pebble-ready` hook.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CharmMeta } from '@charmkit/ops';
import { PebbleHttpClient } from '@charmkit/ops/pebble';
import type { PebbleClient } from '@charmkit/ops/pebble';
import type { CharmUser } from './charm-user.ts';
import type { WorkloadHost } from './workload-host.ts';
import { chownTree, traversable } from './charm-user.ts';

/** Called once per started container; returns what to stop when the container goes. */
export type ContainerHook = (container: {
  model: string;
  unit: string;
  container: string;
  client: PebbleClient;
}) => { stop(): void };

export class UnitContainers {
  /** `<unit>/<container>` keys whose Pebble is up (the resolver's `pebbleUp`). */
  readonly up = new Set<string>();
  readonly #host: WorkloadHost;
  /** Containers the workload host serves (some may predate this controller process). */
  readonly #served: Set<string>;
  readonly #unitDir: (model: string, unit: string) => string;
  readonly #runDir: string;
  readonly #watchers = new Map<string, { stop(): void }>();
  readonly #onContainer: ContainerHook | undefined;
  readonly #charmUser: { readonly user: CharmUser; readonly stateDir: string } | undefined;

  constructor(
    unitDir: (model: string, unit: string) => string,
    runDir: string,
    options: {
      /** Serves the containers; `served` are those it already serves (after a crash). */
      host: WorkloadHost;
      served?: readonly string[];
      onContainer?: ContainerHook;
      /** Charm code's user: it must reach its unit's sockets (charm-user.ts). */
      charmUser?: { readonly user: CharmUser; readonly stateDir: string } | undefined;
    },
  ) {
    this.#host = options.host;
    this.#served = new Set(options.served ?? []);
    this.#unitDir = unitDir;
    this.#runDir = runDir;
    this.#onContainer = options.onContainer;
    this.#charmUser = options.charmUser;
  }

  /**
   * Sockets live under a short per-unit directory: unix socket paths are limited to 107
   * bytes, and model UUIDs make unit directories long.
   */
  socketDir(model: string, unit: string): string {
    const id = createHash('sha256').update(`${model}/${unit}`).digest('hex').slice(0, 12);
    return join(this.#runDir, id);
  }

  socketPath(model: string, unit: string, container: string): string {
    const path = join(this.socketDir(model, unit), container, 'pebble.socket');
    if (Buffer.byteLength(path) > 107) {
      throw new Error(
        `socket path ${path} is longer than the 107 bytes unix sockets allow: use a shorter state directory`,
      );
    }
    return path;
  }

  /**
   * Starts the unit's container daemons that are not running yet; returns their names. A
   * container the workload host kept through a controller crash is picked up as it is: its
   * workload kept running, so it is not "started" and owes no new `pebble-ready`.
   */
  async ensure(model: string, unit: string, meta: CharmMeta): Promise<string[]> {
    const started: string[] = [];
    for (const name of Object.keys(meta.containers)) {
      const key = `${model}/${unit}/${name}`;
      if (!this.#served.has(key)) {
        await this.#start(key, model, unit, name);
        started.push(name);
      }
      this.up.add(`${unit}/${name}`);
      if (this.#onContainer && !this.#watchers.has(key)) {
        const watcher = this.#onContainer({
          model,
          unit,
          container: name,
          client: this.client(model, unit, name),
        });
        this.#watchers.set(key, watcher);
      }
    }
    return started;
  }

  async #start(key: string, model: string, unit: string, name: string): Promise<void> {
    const socketPath = this.socketPath(model, unit, name);
    mkdirSync(dirname(socketPath), { recursive: true, mode: 0o700 });
    await this.#host.add(key, {
      stateDir: join(this.#unitDir(model, unit), 'containers', name, 'pebble'),
      socketPath,
      hold: true,
    });
    this.#served.add(key);
    if (this.#charmUser) {
      // The unit's socket directory and sockets belong to its charm user; nobody else's.
      traversable(this.#charmUser.stateDir, dirname(dirname(socketPath)));
      chownTree(dirname(dirname(socketPath)), this.#charmUser.user);
    }
  }

  client(model: string, unit: string, container: string): PebbleClient {
    return new PebbleHttpClient({ socketPath: this.socketPath(model, unit, container) });
  }

  /** Stops a removed unit's daemons (and with them its workloads). */
  async release(model: string, unit: string): Promise<void> {
    for (const key of [...this.#served].filter((k) => k.startsWith(`${model}/${unit}/`))) {
      this.#watchers.get(key)?.stop();
      this.#watchers.delete(key);
      this.#served.delete(key);
      await this.#host.remove(key);
      this.up.delete(`${unit}/${key.slice(`${model}/${unit}/`.length)}`);
    }
  }

  /** Stops watching; with `workloads`, also every container and the workload host. */
  async stopAll(options: { workloads: boolean } = { workloads: true }): Promise<void> {
    for (const watcher of this.#watchers.values()) watcher.stop();
    this.#watchers.clear();
    if (options.workloads) {
      await this.#host.shutdown();
      this.#served.clear();
    } else this.#host.disconnect();
    this.up.clear();
  }
}
