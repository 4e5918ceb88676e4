/**
 * @module Workload statuses and their priority (ops-protocol.md §3.3, juju-semantics.md §5).
 */
import { InvalidStatusError } from './errors.ts';

/** Statuses a charm may set or collect. */
export type SettableStatusName = 'active' | 'blocked' | 'maintenance' | 'waiting';
/** Every workload status name Juju reports. */
export type StatusName = SettableStatusName | 'unknown' | 'error' | 'terminated';

/** A workload status: a name and a human message. */
export interface Status {
  readonly name: StatusName;
  readonly message: string;
}

/** A status the charm can set. */
export interface SettableStatus extends Status {
  readonly name: SettableStatusName;
}

const PRIORITY: Record<StatusName, number> = {
  error: 5,
  blocked: 4,
  maintenance: 3,
  waiting: 2,
  active: 1,
  terminated: 0,
  unknown: 0,
};

/** The workload is running as intended. */
export function active(message = ''): SettableStatus {
  return { name: 'active', message };
}
/** The charm needs a human to act (a missing relation, invalid config). */
export function blocked(message: string): SettableStatus {
  return { name: 'blocked', message };
}
/** The charm is doing work of its own (installing, migrating). */
export function maintenance(message = ''): SettableStatus {
  return { name: 'maintenance', message };
}
/** The charm waits for something outside it (a related app, its workload). */
export function waiting(message = ''): SettableStatus {
  return { name: 'waiting', message };
}
/** Juju's status before a charm sets any. */
export function unknown(): Status {
  return { name: 'unknown', message: '' };
}

/** Whether `name` may be passed to `status-set`. */
export function isSettableStatusName(name: string): name is SettableStatusName {
  return name === 'active' || name === 'blocked' || name === 'maintenance' || name === 'waiting';
}

/** Throws {@link InvalidStatusError} unless the status may be set by a charm. */
export function assertSettable(status: Status): asserts status is SettableStatus {
  if (!isSettableStatusName(status.name)) {
    throw new InvalidStatusError(
      `invalid status "${status.name}", expected one of [active blocked maintenance waiting]`,
    );
  }
}

/**
 * Picks the winning status: error > blocked > maintenance > waiting > active > unknown;
 * on a tie the first one added wins. Returns undefined for an empty list.
 */
export function highestPriority<S extends Status>(statuses: readonly S[]): S | undefined {
  let best: S | undefined;
  for (const s of statuses) {
    if (best === undefined || PRIORITY[s.name] > PRIORITY[best.name]) best = s;
  }
  return best;
}
