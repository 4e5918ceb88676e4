/**
 * @module Applies a bundle plan change by change (juju-semantics.md §8): in order, stopping at
 * the first failure. Earlier changes stay applied, as they do in juju; the error lists them.
 */
import type { BundleChange, BundlePlan, OptionValue } from './changes.ts';
import { describeChange } from './changes.ts';
import { BundleApplyError } from './errors.ts';

/** What applying a plan needs from the model: one method per kind of change. */
export interface BundleTarget {
  /** Same as `juju deploy <charm> <name> --num-units N --config k=v… --resource r=v… [--trust]`. */
  deploy(req: {
    charm: string;
    name: string;
    numUnits: number;
    config: Record<string, OptionValue>;
    resources: Record<string, string>;
    trust: boolean;
  }): Promise<void>;
  /** Same as `juju add-unit <app> --num-units <count>`. */
  addUnits(app: string, count: number): Promise<void>;
  /** Same as `juju config <app> k=v…`. */
  setConfig(app: string, values: Record<string, OptionValue>): Promise<void>;
  /** Same as `juju trust <app>` (or `--remove`). */
  setTrust(app: string, trust: boolean): Promise<void>;
  /** Same as `juju integrate <a> <b>`, both `app:endpoint`. */
  integrate(a: string, b: string): Promise<void>;
  /** Same as `juju expose <app>`. */
  expose(app: string): Promise<void>;
}

/** The outcome of {@link applyPlan}: every change, applied in order. */
export interface ApplyResult {
  readonly applied: readonly BundleChange[];
}

async function applyChange(change: BundleChange, target: BundleTarget): Promise<void> {
  switch (change.kind) {
    case 'deploy':
      return target.deploy({
        charm: change.charm,
        name: change.app,
        numUnits: change.numUnits,
        config: { ...change.config },
        resources: { ...change.resources },
        trust: change.trust,
      });
    case 'add-units':
      return target.addUnits(change.app, change.count);
    case 'set-options':
      return target.setConfig(change.app, { ...change.values });
    case 'set-trust':
      return target.setTrust(change.app, change.trust);
    case 'add-relation':
      return target.integrate(change.endpoints[0], change.endpoints[1]);
    case 'expose':
      return target.expose(change.app);
  }
}

/**
 * Applies the plan's changes in order, reporting each as `- <description>` before it starts.
 *
 * @param plan from `planBundle`
 * @param target performs each change
 * @param progress receives one line per change, e.g. `- add relation app:db - db:db`
 * @returns the changes applied (all of them)
 * @throws {BundleApplyError} at the first failing change, naming it, the changes already
 *   applied and how many were not attempted; `cause` is the target's error
 */
export async function applyPlan(
  plan: BundlePlan,
  target: BundleTarget,
  progress?: (line: string) => void,
): Promise<ApplyResult> {
  const applied: BundleChange[] = [];
  for (const [index, change] of plan.changes.entries()) {
    progress?.(`- ${describeChange(change)}`);
    try {
      await applyChange(change, target);
    } catch (error) {
      const skipped = plan.changes.slice(index + 1);
      throw new BundleApplyError({ failed: change, applied, skipped }, error);
    }
    applied.push(change);
  }
  return { applied };
}
