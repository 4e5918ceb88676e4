/**
 * @module Controller verbs: `bootstrap` starts `charmkit-controller` in the background on the
 * state directory (idempotent), `kill-controller` stops it with SIGTERM, `version` prints
 * the juju version the controller implements (juju-semantics.md §1.2, `version`).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { render } from '../format/output.ts';
import { CONTROLLER_NAME } from '../model-ref.ts';
import { examples, formatOption } from './shared.ts';

/** The juju version the controller implements (`JUJU_VERSION` of `@charmkit/controller`). */
export const JUJU_VERSION = '3.6.14';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

/** `3.6.14-genericlinux-amd64`: the form jubilant's version parser accepts. */
export function versionString(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return `${JUJU_VERSION}-generic${process.platform}-${arch}`;
}

/** Where the controller's entry point is, found through package resolution (no import). */
function controllerBin(): string {
  return fileURLToPath(
    new URL('../bin/charmkit-controller.js', import.meta.resolve('@charmkit/controller')),
  );
}

/** Starts the local controller unless one runs on the state directory (idempotent). */
export async function bootstrap(ctx: CliContext): Promise<void> {
  mkdirSync(ctx.stateDir, { recursive: true, mode: 0o700 });
  if (await ctx.client.ping()) {
    ctx.info(`controller "${CONTROLLER_NAME}" is already running on ${ctx.stateDir}`);
    return;
  }
  const logPath = join(ctx.stateDir, 'controller.log');
  const log = openSync(logPath, 'a', 0o600);
  const child = spawn(process.execPath, [controllerBin(), '--state-dir', ctx.stateDir], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...ctx.env, CHARMKIT_HOME: ctx.stateDir },
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await ctx.client.ping())) {
    if (exited !== undefined || Date.now() > deadline) {
      const tail = lastLine(logPath);
      throw new CliError(
        'api',
        `cannot start the controller on ${ctx.stateDir}${tail ? `: ${tail}` : ''} (see ${logPath})`,
      );
    }
    await sleep(50);
  }
  child.removeAllListeners('exit');
  ctx.info(`Bootstrapped controller "${CONTROLLER_NAME}" (pid ${child.pid}) on ${ctx.stateDir}`);
}

function lastLine(path: string): string {
  try {
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    return (lines.at(-1) ?? '').replace(/^ERROR /, '');
  } catch {
    // The log is only a hint for the error message; without it the message still stands.
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runningPid(ctx: CliContext): number | undefined {
  let text: string;
  try {
    text = readFileSync(ctx.pidFile, 'utf8');
  } catch {
    // No pid file: no controller ever ran here, or it stopped cleanly.
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/**
 * Workloads outlive a crashed or killed controller (its workload host); `kill-controller`
 * stops them all the same. Resolves to whether there were any.
 */
async function stopWorkloads(ctx: CliContext): Promise<boolean> {
  const { WorkloadHost } = await import('@charmkit/controller/workload-host');
  const stopped = await WorkloadHost.shutdownIfRunning(join(ctx.stateDir, 'run'));
  if (stopped) ctx.info('Stopped the workloads the controller left running');
  return stopped;
}

async function killController(ctx: CliContext, name: string | undefined): Promise<void> {
  if (name !== undefined && name !== CONTROLLER_NAME)
    throw new CliError('not-found', `controller ${name} not found`);
  const pid = runningPid(ctx);
  if (pid === undefined) {
    if (await stopWorkloads(ctx)) return;
    throw new CliError('not-running', `controller "${CONTROLLER_NAME}" is not running`);
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  let killed = false;
  while (alive(pid) && !killed) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      ctx.info(`controller (pid ${pid}) did not stop in time; killed it`);
      killed = true;
    }
    await sleep(50);
  }
  await stopWorkloads(ctx);
  if (!killed) ctx.info(`Killed controller "${CONTROLLER_NAME}" (pid ${pid})`);
}

const collectArg = (value: string, previous: readonly string[]): string[] => [...previous, value];

/** Registers `bootstrap`, `kill-controller` and `version`. */
export function registerControllerCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('bootstrap')
      .description('Start the controller in the background (does nothing if it is running).')
      .argument('[cloud]', 'ignored: the controller is local')
      .argument('[controller]', 'ignored: the controller is always "charmkit"')
      .option('--no-switch', 'ignored: the current model is kept')
      .option('--config <key=value>', 'ignored: controller config', collectArg, [])
      .option('--model-default <key=value>', 'ignored: model defaults', collectArg, [])
      .option('--constraints <constraints>', 'ignored: the controller runs here')
      .option('--bootstrap-constraints <constraints>', 'ignored: the controller runs here')
      .option('--bootstrap-base <base>', 'ignored')
      .option('--force', 'ignored')
      .action(() => bootstrap(ctx)),
    ['charmkit bootstrap', 'CHARMKIT_HOME=/tmp/ck charmkit bootstrap'],
  );
  examples(
    program
      .command('kill-controller')
      .description('Stop the controller (its models stay on disk for the next bootstrap).')
      .argument('[controller]', 'controller name (always "charmkit")')
      .option('-y, --no-prompt', 'do not ask for confirmation (never asked)')
      .option('-t, --timeout <duration>', 'ignored')
      .action((name: string | undefined) => killController(ctx, name)),
    ['charmkit kill-controller', 'charmkit kill-controller charmkit --no-prompt'],
  );
  examples(
    program
      .command('version')
      .description('Print the juju version this CLI implements.')
      .addOption(formatOption(['smart', 'json', 'yaml']))
      .option('--all', 'print all version details')
      .action((options: { format: string; all?: boolean }) => {
        const info = { version: versionString(), 'git-commit': '', official: false };
        if (options.format === 'json' || options.format === 'yaml')
          ctx.io.stdout(render(options.all ? info : info.version, options.format));
        else ctx.out(versionString());
      }),
    ['charmkit version', 'charmkit version --format json --all'],
  );
}
