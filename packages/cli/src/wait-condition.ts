/**
 * @module What `charmkit wait` (and `charmkit up`) wait for, judged on one status document
 * the way jubilant's helpers judge it (juju-semantics.md §1.3): every named application's
 * status and each of its units' workload status equal the wanted one, and every agent idle.
 */
import { applications, obj, str, units } from './format/status-view.ts';
import type { Json } from './format/status-view.ts';

export type WorkloadGoal = 'active' | 'blocked' | 'waiting' | 'maintenance';
export type WaitGoal = WorkloadGoal | 'idle';

export interface WaitVerdict {
  /** True when every application and unit reached the goal. */
  readonly ready: boolean;
  /** What is not there yet, one line each: `kv/0: maintenance (installing), agent executing`. */
  readonly pending: readonly string[];
  /** Units and applications in error, one line each. */
  readonly errors: readonly string[];
}

/** Judges `status` against `goal` for `apps` (all applications when empty). */
export function judge(status: Json, goal: WaitGoal, apps: readonly string[] = []): WaitVerdict {
  const pending: string[] = [];
  const errors: string[] = [];
  const all = applications(status);
  const names = apps.length > 0 ? apps : all.map(([name]) => name);
  for (const name of names) {
    const app = all.find(([n]) => n === name)?.[1];
    if (app === undefined) {
      pending.push(`${name}: not deployed`);
      continue;
    }
    const appStatus = obj(app['application-status']);
    if (goal !== 'idle' && str(appStatus.current) !== goal)
      pending.push(`${name}: ${describe(appStatus)}`);
    const list = units(app);
    if (list.length === 0 && goal !== 'idle') pending.push(`${name}: no units`);
    for (const [unitName, unit] of list) {
      const workload = obj(unit['workload-status']);
      const agent = obj(unit['juju-status']);
      if (str(workload.current) === 'error') errors.push(`${unitName}: ${describe(workload)}`);
      const workloadOk = goal === 'idle' || str(workload.current) === goal;
      const agentOk = str(agent.current) === 'idle';
      if (!workloadOk || !agentOk)
        pending.push(
          `${unitName}: ${describe(workload)}${agentOk ? '' : `, agent ${describe(agent)}`}`,
        );
    }
  }
  return { ready: pending.length === 0, pending, errors };
}

function describe(status: Json): string {
  const message = str(status.message);
  return message ? `${str(status.current)} (${message})` : str(status.current);
}
