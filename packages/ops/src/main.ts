/**
 * @module The production entry point: `await runCharm(MyCharm)` at the bottom of a charm's
 * main module. Reads the JUJU_* environment once, picks the backend, runs one dispatch and
 * sets the exit code (ops-protocol.md §1.1). A charm with a generated metadata module never
 * parses YAML at run time: the loader is imported only when the class has no `metadata`.
 */
import type { Backend } from './backend/backend.ts';
import { HookToolBackend } from './backend/hook-tools.ts';
import type { ToolExecutor } from './backend/run-tool.ts';
import type { CharmClass } from './charm.ts';
import { dispatch } from './dispatch.ts';
import { jujuContextFromEnv } from './juju-context.ts';
import type { JujuContext } from './juju-context.ts';
import type { CharmMeta } from './metadata/types.ts';

export interface RunCharmOptions {
  /** Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the backend chosen from the environment. */
  readonly backend?: (context: JujuContext) => Backend;
  /** Runs hook tools without spawning them (the Charmkit agent's fast path). */
  readonly executeTool?: ToolExecutor;
}

/**
 * A long-lived charm runner (the Charmkit agent's fast path) sets this global before it
 * imports a charm bundle: `runCharm` then hands the runner a way to run one dispatch instead
 * of running one itself. A global symbol, because the bundle carries its own copy of this SDK.
 */
export const CHARM_RUNNER = Symbol.for('charmkit.charm-runner');

export interface CharmRunnerRegistry {
  register(run: (options: RunCharmOptions) => Promise<number>): void;
}

/**
 * Runs the charm for the hook or action Juju is dispatching. Never throws: a failure in
 * charm code is logged through `juju-log` with its stack, printed to stderr for actions,
 * and ends the process with exit code 1 so Juju marks the hook failed.
 */
export async function runCharm<M extends CharmMeta>(
  charmClass: CharmClass<M>,
  options: RunCharmOptions = {},
): Promise<void> {
  const runner = (globalThis as Record<symbol, CharmRunnerRegistry | undefined>)[CHARM_RUNNER];
  if (runner) {
    runner.register((perDispatch) => runOnce(charmClass, { ...options, ...perDispatch }));
    return;
  }
  process.exitCode = await runOnce(charmClass, options);
}

/** One dispatch; resolves to the exit code (0, or 1 when charm code failed). */
async function runOnce<M extends CharmMeta>(
  charmClass: CharmClass<M>,
  options: RunCharmOptions,
): Promise<number> {
  const env = options.env ?? process.env;
  let backend: Backend | undefined;
  let context: JujuContext | undefined;
  try {
    context = jujuContextFromEnv(env);
    backend = options.backend
      ? options.backend(context)
      : new HookToolBackend({
          context,
          env,
          ...(options.executeTool ? { execute: options.executeTool } : {}),
        });
    const metadata =
      charmClass.metadata ??
      ((await import('./metadata/load.ts')).loadCharmMeta(context.charmDir) as M);
    await dispatch({ charmClass, metadata, context, backend });
    return 0;
  } catch (error) {
    reportUncaught(error, backend, context);
    return 1;
  }
}

function reportUncaught(
  error: unknown,
  backend: Backend | undefined,
  context: JujuContext | undefined,
): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    backend?.jujuLog('ERROR', `Uncaught exception while in charm code:\n${detail}`);
  } catch {
    // juju-log itself failed (no Juju around): stderr below still carries the trace.
  }
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  if (context?.actionName !== undefined) {
    process.stderr.write(
      `Uncaught ${name} in charm code: ${message}\nUse \`juju debug-log\` to see the full traceback.\n`,
    );
  } else if (!backend) {
    process.stderr.write(`${detail}\n`);
  }
}
