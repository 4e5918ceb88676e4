/**
 * @module Service start/stop ordering (pebble-api.md §3.4): `requires` pulls in services and
 * groups them into lanes, `before`/`after` order them; loops are a `FormatError`.
 */
import { ApiError, FormatError } from '../errors.ts';
import type { Plan } from './types.ts';

/** Orders `names` (all must exist) topologically by before/after; ties broken by name. */
export function orderServices(plan: Plan, names: readonly string[]): string[] {
  const involved = new Set(names);
  const preds = new Map<string, Set<string>>();
  for (const name of involved) preds.set(name, new Set());
  for (const name of involved) {
    const svc = plan.services[name];
    for (const other of svc?.after ?? []) if (involved.has(other)) preds.get(name)?.add(other);
    for (const other of svc?.before ?? []) if (involved.has(other)) preds.get(other)?.add(name);
  }
  const order: string[] = [];
  const done = new Set<string>();
  const remaining = [...involved].sort();
  while (order.length < remaining.length) {
    const next = remaining.find(
      (n) => !done.has(n) && [...(preds.get(n) ?? [])].every((p) => done.has(p)),
    );
    if (next === undefined) {
      const loop = remaining.filter((n) => !done.has(n));
      throw new FormatError(`services in before/after loop: ${loop.join(', ')}`);
    }
    done.add(next);
    order.push(next);
  }
  return order;
}

function lanes(plan: Plan, ordered: readonly string[]): string[][] {
  const parent = new Map<string, string>(ordered.map((n) => [n, n]));
  const find = (n: string): string => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  for (const name of ordered) {
    for (const req of plan.services[name]?.requires ?? []) {
      if (parent.has(req)) parent.set(find(req), find(name));
    }
  }
  const groups = new Map<string, string[]>();
  for (const name of ordered) {
    const root = find(name);
    const group = groups.get(root) ?? [];
    group.push(name);
    groups.set(root, group);
  }
  return [...groups.values()];
}

function checkExists(plan: Plan, names: readonly string[], verb: string): void {
  for (const name of names) {
    if (!plan.services[name]) {
      throw new ApiError(
        400,
        `cannot ${verb} services: service ${JSON.stringify(name)} does not exist`,
      );
    }
  }
}

/** Lanes of services to start: the named ones plus everything they (transitively) require. */
export function startOrder(plan: Plan, names: readonly string[], verb = 'start'): string[][] {
  checkExists(plan, names, verb);
  const all = new Set<string>();
  const visit = (name: string): void => {
    if (all.has(name)) return;
    all.add(name);
    for (const req of plan.services[name]?.requires ?? []) {
      if (!plan.services[req]) {
        throw new ApiError(
          400,
          `cannot ${verb} services: service ${JSON.stringify(req)} does not exist`,
        );
      }
      visit(req);
    }
  };
  names.forEach(visit);
  return lanes(plan, orderServices(plan, [...all]));
}

/** Lanes of services to stop: the named ones plus everything that requires them, reversed. */
export function stopOrder(plan: Plan, names: readonly string[], verb = 'stop'): string[][] {
  checkExists(plan, names, verb);
  const all = new Set<string>(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, svc] of Object.entries(plan.services)) {
      if (!all.has(name) && (svc.requires ?? []).some((r) => all.has(r))) {
        all.add(name);
        grew = true;
      }
    }
  }
  const ordered = orderServices(plan, [...all]).reverse();
  return lanes(plan, ordered);
}
