/**
 * @module A long-lived charm runner: the child process the agent forks per charm bundle
 * (the fast path for TypeScript charms). It imports the bundle once — the SDK's `runCharm`
 * registers instead of running, see `CHARM_RUNNER` — then runs one dispatch per `run`
 * message, one at a time, with that hook's environment, working directory and token. Hook
 * tools go to the agent over loopback through {@link SyncToolChannel}: no process starts
 * per hook or per tool call. Charm output goes to this process's stdout and stderr, which
 * the agent reads as the hook's output.
 *
 * Messages in: `{type: 'run', id, env, cwd}`. Out: `{type: 'ready'}`,
 * `{type: 'done', id, code}`, `{type: 'failed', message}` (the bundle cannot be loaded).
 */
import { enableCompileCache } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { CharmRunnerRegistry, RunCharmOptions } from '@charmkit/ops';
import { SyncToolChannel } from './sync-tool-channel.ts';

export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly env: Record<string, string>;
  readonly cwd: string;
}

export type RunnerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly code: number }
  | { readonly type: 'failed'; readonly message: string };

function send(reply: RunnerReply): void {
  process.send?.(reply);
}

/** Replaces the process environment in place (charm code may read `process.env`). */
function setEnvironment(env: Record<string, string>): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
}

/** `CHARM_RUNNER` of `@charmkit/ops`, without loading the SDK into the runner twice. */
const CHARM_RUNNER = Symbol.for('charmkit.charm-runner');

async function main(bundle: string): Promise<void> {
  enableCompileCache();
  let run: ((options: RunCharmOptions) => Promise<number>) | undefined;
  const registry: CharmRunnerRegistry = { register: (r) => (run = r) };
  (globalThis as Record<symbol, unknown>)[CHARM_RUNNER] = registry;
  try {
    await import(pathToFileURL(bundle).href);
  } catch (error) {
    send({ type: 'failed', message: `cannot load ${bundle}: ${(error as Error).message}` });
    process.exit(1);
  }
  if (!run) {
    send({ type: 'failed', message: `${bundle} did not call runCharm()` });
    process.exit(1);
  }
  const dispatch = run;
  const channel = new SyncToolChannel();
  let queue = Promise.resolve();
  process.on('message', (message: RunMessage) => {
    if (message.type !== 'run') return;
    queue = queue.then(async () => {
      setEnvironment(message.env);
      process.chdir(message.cwd);
      const agent = {
        port: Number(message.env.CHARMKIT_AGENT_PORT),
        token: message.env.CHARMKIT_HOOK_TOKEN ?? '',
      };
      const code = await dispatch({
        env: message.env,
        executeTool: (tool, args, input) => channel.call(agent, tool, args, input),
      });
      send({ type: 'done', id: message.id, code });
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

await main(process.argv[2] ?? '');
