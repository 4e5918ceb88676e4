/**
 * @module Rolling restarts over the peer relation: a unit whose service must restart asks
 * (`restart-request` in its unit data, the digest of the plan it wants); the leader grants
 * one unit at a time (`restart-grant` in the app data) and moves on once that unit reports
 * the restart done (`restarted` = its request). So config or relation changes never take
 * every unit down at once.
 */
import type { Databag, Relation } from '@charmkit/ops';

const REQUEST = 'restart-request';
const DONE = 'restarted';
const GRANT = 'restart-grant';

export class RestartLock {
  readonly #peers: Relation;
  readonly #unit: string;

  constructor(peers: Relation, unit: string) {
    this.#peers = peers;
    this.#unit = unit;
  }

  /** Asks for a restart to `digest`. */
  request(digest: string): void {
    this.#peers.localUnitData.set(REQUEST, digest);
  }

  /** Whether this unit may restart now. */
  granted(): boolean {
    return this.#peers.localAppData.get(GRANT) === this.#unit;
  }

  /** The restart to `digest` is done: the next unit may go. */
  done(digest: string): void {
    this.#peers.localUnitData.set(REQUEST, digest);
    this.#peers.localUnitData.set(DONE, digest);
  }

  /** Leader: keeps the grant on a unit still restarting, else hands it to the next waiting one. */
  grant(): void {
    const bags = new Map<string, ReadonlyMap<string, string>>([
      [this.#unit, toMap(this.#peers.localUnitData)],
    ]);
    for (const unit of this.#peers.units) bags.set(unit, toMap(this.#peers.remoteUnitData(unit)));
    const waiting = (unit: string): boolean => {
      const bag = bags.get(unit);
      const request = bag?.get(REQUEST);
      return request !== undefined && request !== bag?.get(DONE);
    };
    const current = this.#peers.localAppData.get(GRANT);
    if (current !== undefined && bags.has(current) && waiting(current)) return;
    const next = [...bags.keys()].sort().find(waiting);
    if (next === undefined) this.#peers.localAppData.delete(GRANT);
    else this.#peers.localAppData.set(GRANT, next);
  }
}

function toMap(bag: Databag): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of bag.keys()) {
    const value = bag.get(key);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}
