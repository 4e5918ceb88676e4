/**
 * @module `PebbleHost`: serves many containers from one process — one `PebbleDaemon` (socket
 * and state dir) per container name, e.g. every workload container of a unit.
 */
import type { PebbleDaemonOptions } from './daemon.ts';
import { PebbleDaemon } from './daemon.ts';

/**
 * A set of named daemons in one process.
 *
 * @example
 * const host = new PebbleHost();
 * await host.add('web', { stateDir: '/tmp/web' });
 * await host.stopAll();
 */
export class PebbleHost {
  readonly #daemons = new Map<string, PebbleDaemon>();

  /** Names of the containers served. */
  get names(): string[] {
    return [...this.#daemons.keys()].sort();
  }

  /** Starts a daemon for `name`; throws if the name is taken. */
  async add(name: string, options: PebbleDaemonOptions): Promise<PebbleDaemon> {
    if (this.#daemons.has(name))
      throw new Error(`cannot add container ${JSON.stringify(name)}: already served`);
    const daemon = await PebbleDaemon.start(options);
    this.#daemons.set(name, daemon);
    return daemon;
  }

  /** The daemon serving `name`, if any. */
  get(name: string): PebbleDaemon | undefined {
    return this.#daemons.get(name);
  }

  /** Stops and forgets the daemon of `name`. */
  async remove(name: string): Promise<void> {
    const daemon = this.#daemons.get(name);
    this.#daemons.delete(name);
    await daemon?.stop();
  }

  /** Stops every daemon. */
  async stopAll(): Promise<void> {
    const daemons = [...this.#daemons.values()];
    this.#daemons.clear();
    await Promise.all(daemons.map((d) => d.stop()));
  }
}
