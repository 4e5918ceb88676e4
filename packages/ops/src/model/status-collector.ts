/**
 * @module Collected status (ops-protocol.md §3.3): during a dispatch the charm adds candidate
 * statuses for its unit and app; at the end the highest priority wins and is set once.
 */
import { assertSettable, highestPriority } from '../status.ts';
import type { SettableStatus, Status } from '../status.ts';

export class StatusCollector {
  readonly #statuses: SettableStatus[] = [];

  /** Adds a candidate. Only active, blocked, maintenance and waiting can be collected. */
  add(status: Status): void {
    assertSettable(status);
    this.#statuses.push(status);
  }

  /** The winner, or undefined when nothing was added. */
  winner(): SettableStatus | undefined {
    return highestPriority(this.#statuses);
  }

  get size(): number {
    return this.#statuses.length;
  }
}
