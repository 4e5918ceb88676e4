/**
 * @module The bundle engine's errors: {@link BundleError} lists every problem found in a bundle
 * (file, YAML path, what to do), {@link BundleApplyError} says which change failed and which were
 * already applied. Both are {@link CliError}s, so the CLI prints them as one `ERROR …`.
 */
import { CliError } from '../errors.ts';
import type { BundleChange } from './changes.ts';
import { describeChange } from './changes.ts';

/** One thing wrong with a bundle: where (file, YAML path) and what, including the fix. */
export interface BundleProblem {
  /** The bundle or overlay file, with `(document N)` for later documents of a multi-doc file. */
  readonly file: string;
  /** Dotted YAML path, e.g. `applications.db.num_units` or `relations.2`; `""` for the file. */
  readonly path: string;
  /** Lowercase, says what is wrong and what to do. */
  readonly message: string;
}

/** Renders a problem as `file: path: message`. */
export function formatProblem(problem: BundleProblem): string {
  const where = problem.path === '' ? problem.file : `${problem.file}: ${problem.path}`;
  return `${where}: ${problem.message}`;
}

/**
 * A bundle that cannot be deployed as written: every problem found, not just the first.
 * `code` is `not-found` when a bundle or overlay file is missing, `invalid` otherwise.
 */
export class BundleError extends CliError {
  readonly problems: readonly BundleProblem[];

  constructor(
    problems: readonly BundleProblem[],
    options: { code?: 'invalid' | 'not-found'; cause?: unknown } = {},
  ) {
    super(options.code ?? 'invalid', bundleMessage(problems), { cause: options.cause });
    this.name = 'BundleError';
    this.problems = problems;
  }
}

function bundleMessage(problems: readonly BundleProblem[]): string {
  if (problems.length === 1 && problems[0]) {
    return `cannot deploy bundle: ${formatProblem(problems[0])}`;
  }
  const lines = problems.map((p) => `  ${formatProblem(p)}`);
  return [`cannot deploy bundle: ${problems.length} problems:`, ...lines].join('\n');
}

/** A change of the plan failed while applying it; earlier changes stay applied (as in juju). */
export class BundleApplyError extends CliError {
  /** The change that failed. */
  readonly failed: BundleChange;
  /** Changes applied before the failure, in order. */
  readonly applied: readonly BundleChange[];
  /** Changes not attempted after the failure, in order. */
  readonly skipped: readonly BundleChange[];

  constructor(
    change: { failed: BundleChange; applied: BundleChange[]; skipped: BundleChange[] },
    cause: unknown,
  ) {
    super('task-failed', applyMessage(change, cause), { cause });
    this.name = 'BundleApplyError';
    this.failed = change.failed;
    this.applied = change.applied;
    this.skipped = change.skipped;
  }
}

function applyMessage(
  change: { failed: BundleChange; applied: BundleChange[]; skipped: BundleChange[] },
  cause: unknown,
): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const lines = [`cannot apply bundle: ${describeChange(change.failed)}: ${reason}`];
  if (change.applied.length === 0) {
    lines.push('no changes were applied');
  } else {
    lines.push('already applied (they stay in the model):');
    lines.push(...change.applied.map((c) => `- ${describeChange(c)}`));
  }
  if (change.skipped.length > 0) {
    lines.push(
      `not attempted: ${change.skipped.length} more change(s); fix the cause and deploy again`,
    );
  }
  return lines.join('\n');
}
