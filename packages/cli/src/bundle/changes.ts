/**
 * @module The changes a bundle plan is made of (juju-semantics.md §8, juju's `bundlechanges`),
 * and their `--dry-run` texts, worded as juju's change descriptions.
 */

/** Config values a bundle can set: YAML scalars. */
export type OptionValue = string | number | boolean;

/** Deploy a new application from a local charm (juju's `addCharm` + `deploy`). */
export interface DeployChange {
  readonly kind: 'deploy';
  readonly app: string;
  /** Absolute path of the local charm. */
  readonly charm: string;
  /** The charm as the bundle wrote it (e.g. `./charms/db`), for messages. */
  readonly charmSource: string;
  /** The charm's name from its metadata. */
  readonly charmName: string;
  readonly numUnits: number;
  readonly config: Readonly<Record<string, OptionValue>>;
  /** Resource name → absolute file path, OCI image reference or revision number as text. */
  readonly resources: Readonly<Record<string, string>>;
  readonly trust: boolean;
}

/** Add units to an existing application (units are never removed). */
export interface AddUnitsChange {
  readonly kind: 'add-units';
  readonly app: string;
  /** How many units to add. */
  readonly count: number;
  /** How many units the application has afterwards. */
  readonly total: number;
}

/** Set the options that differ from the application's current config (juju's `setOptions`). */
export interface SetOptionsChange {
  readonly kind: 'set-options';
  readonly app: string;
  readonly values: Readonly<Record<string, OptionValue>>;
}

/** Grant or revoke trust (`juju trust`). */
export interface SetTrustChange {
  readonly kind: 'set-trust';
  readonly app: string;
  readonly trust: boolean;
}

/** Integrate two endpoints, both fully qualified `app:endpoint` (juju's `addRelation`). */
export interface AddRelationChange {
  readonly kind: 'add-relation';
  readonly endpoints: readonly [string, string];
}

/** Expose an application (juju's `expose`). */
export interface ExposeChange {
  readonly kind: 'expose';
  readonly app: string;
}

/** One step of a bundle plan; `kind` says which. */
export type BundleChange =
  | DeployChange
  | AddUnitsChange
  | SetOptionsChange
  | SetTrustChange
  | AddRelationChange
  | ExposeChange;

/** What deploying a bundle would do: changes in the order to apply them, plus notes. */
export interface BundlePlan {
  readonly changes: readonly BundleChange[];
  /** Things the plan deliberately does not do (e.g. removing surplus units), one line each. */
  readonly notes: readonly string[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Describes a change in one line, as juju's `--dry-run` does.
 *
 * @example
 * describeChange({ kind: 'add-relation', endpoints: ['app:db', 'db:db'] });
 * // 'add relation app:db - db:db'
 */
export function describeChange(change: BundleChange): string {
  switch (change.kind) {
    case 'deploy': {
      const units = change.numUnits > 0 ? ` with ${plural(change.numUnits, 'unit')}` : '';
      const using = change.charmName === change.app ? '' : ` using ${change.charmName}`;
      const trust = change.trust ? ', trusted' : '';
      return `deploy application ${change.app} from ${change.charmSource}${units}${using}${trust}`;
    }
    case 'add-units':
      return `add ${plural(change.count, 'unit')} to ${change.app} (${change.total} in total)`;
    case 'set-options':
      return `set application options for ${change.app}: ${Object.keys(change.values).join(', ')}`;
    case 'set-trust':
      return change.trust ? `trust application ${change.app}` : `remove trust from ${change.app}`;
    case 'add-relation':
      return `add relation ${change.endpoints[0]} - ${change.endpoints[1]}`;
    case 'expose':
      return `expose all endpoints of ${change.app} and allow access from CIDRs 0.0.0.0/0 and ::/0`;
  }
}

/**
 * Renders a plan as `juju deploy --dry-run` prints it: a header and one `- …` line per change,
 * or `No changes to apply.`; notes follow, one `Note: …` line each.
 */
export function formatPlan(plan: BundlePlan): string[] {
  const lines =
    plan.changes.length === 0
      ? ['No changes to apply.']
      : ['Changes to deploy bundle:', ...plan.changes.map((c) => `- ${describeChange(c)}`)];
  return [...lines, ...plan.notes.map((n) => `Note: ${n}`)];
}
