/**
 * @module `exec` and `ssh` (juju-semantics.md §1.2, §6.4). `exec --unit u -- cmd args` runs
 * `sh -c "cmd args"` in the unit's hook context through its queue and prints juju's result
 * shape; a non-zero return code exits 1 with "task failed". `ssh <unit> [cmd…]` runs in the
 * unit's charm directory, or with `--container c` in that container through its Pebble;
 * stdin is passed on, and stdout is the command's own.
 */
import { spawn } from 'node:child_process';
import { text as readText } from 'node:stream/consumers';
import type { Command } from 'commander';
import { durationMs } from '../args.ts';
import type { ActionTask } from '../api-client.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitStatus, usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { obj, str, units } from '../format/status-view.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface ExecOptions extends ModelOptions {
  readonly unit: readonly string[];
  readonly application: readonly string[];
  readonly machine?: string;
  readonly all?: boolean;
  readonly wait?: string;
  readonly format: 'plain' | 'json' | 'yaml';
}

const DEFAULT_EXEC_WAIT_MS = 300_000;
const WAIT_CHUNK_MS = 30_000;
const collectList = (value: string, previous: readonly string[]): string[] => [
  ...previous,
  ...value.split(',').filter((v) => v !== ''),
];

/** `juju exec --format json` shape of one task (§6.4). */
function execResult(task: ActionTask): Record<string, unknown> {
  const results = Object.fromEntries(
    Object.entries(task.results).filter(
      ([key, value]) => !((key === 'stdout' || key === 'stderr') && value === ''),
    ),
  );
  return { id: String(task.id), status: task.status, unit: task.unit, results };
}

async function targets(ctx: CliContext, model: string, options: ExecOptions): Promise<string[]> {
  if (options.machine !== undefined)
    throw usage('--machine is not supported on a caas model: use --unit');
  const named = [...options.unit];
  if (options.application.length > 0 || options.all) {
    const apps = obj((await ctx.client.status(model)).applications);
    const wanted = options.all ? Object.keys(apps) : options.application;
    for (const app of wanted) {
      if (!(app in apps)) throw new CliError('not-found', `application "${app}" not found`);
      named.push(...units(obj(apps[app])).map(([unit]) => unit));
    }
  }
  if (named.length === 0) throw usage('you must specify a target: --unit, --application or --all');
  return named;
}

async function exec(ctx: CliContext, argv: readonly string[], options: ExecOptions): Promise<void> {
  if (argv.length === 0) throw usage('no commands specified');
  const model = ctx.model(options.model);
  const waitMs = options.wait === undefined ? DEFAULT_EXEC_WAIT_MS : durationMs(options.wait);
  const command = argv.join(' ');
  const tasks: ActionTask[] = [];
  for (const unit of await targets(ctx, model, options)) {
    try {
      tasks.push(await ctx.client.exec(model, unit, command, waitMs));
    } catch (error) {
      // juju 3 schedules nothing for an unknown unit: a message, empty stdout, exit 0 (§6.4).
      if (error instanceof CliError && error.code === 'not-found') {
        ctx.info(`Operation failed to schedule any tasks:\n${error.message}`);
        return;
      }
      throw error;
    }
  }
  const deadline = Date.now() + waitMs;
  const done: ActionTask[] = [];
  for (const task of tasks) {
    let current = task;
    while (current.status === 'pending' || current.status === 'running') {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new CliError('timeout', `timed out waiting for results from: unit ${task.unit}`);
      current = await ctx.client.waitAction(model, task.id, Math.min(WAIT_CHUNK_MS, remaining));
    }
    done.push(current);
  }
  if (options.format === 'plain') {
    for (const task of done) {
      ctx.io.stdout(str(task.results.stdout));
      ctx.io.stderr(str(task.results.stderr));
    }
  } else {
    ctx.io.stdout(
      render(Object.fromEntries(done.map((t) => [t.unit, execResult(t)])), options.format),
    );
  }
  const failed = done.filter((t) => t.status !== 'completed' || t.results['return-code'] !== 0);
  if (failed.length > 0)
    throw new CliError(
      'task-failed',
      `the following task${failed.length > 1 ? 's' : ''} failed:\n${failed
        .map(
          (t) => ` - id "${t.id}" with return code ${str(t.results['return-code'] ?? 'unknown')}`,
        )
        .join('\n')}\n\nuse 'juju show-task' to inspect the failure${failed.length > 1 ? 's' : ''}`,
    );
}

interface SshOptions extends ModelOptions {
  readonly container?: string;
}

/** ssh(1) options that take a value (`-o StrictHostKeyChecking=no`). */
const SSH_VALUE_OPTIONS = new Set('BbcDEeFIiJLlmOopQRSWw'.split('').map((c) => `-${c}`));

/**
 * The command without the ssh(1) options jubilant passes after the target (`ssh_options`):
 * there is no ssh connection here, so they mean nothing; they are dropped, not run.
 */
export function withoutSshOptions(argv: readonly string[]): string[] {
  let i = 0;
  while (i < argv.length && /^-[A-Za-z0-9]/.test(argv[i]!)) {
    const flag = argv[i]!;
    i += SSH_VALUE_OPTIONS.has(flag) ? 2 : 1;
  }
  return argv.slice(i);
}

async function ssh(
  ctx: CliContext,
  target: string,
  argv: readonly string[],
  options: SshOptions,
): Promise<number> {
  const unit = target.replace(/^[^@]*@/, '');
  const paths = await ctx.client.unitPaths(ctx.model(options.model), unit);
  const command = withoutSshOptions(argv).filter((a) => a !== '--');
  if (options.container !== undefined) {
    const socketPath = paths.containers[options.container];
    if (socketPath === undefined)
      throw new CliError(
        'not-found',
        `container "${options.container}" not found in unit ${unit} (has: ${Object.keys(paths.containers).join(', ') || 'none'})`,
      );
    if (command.length === 0)
      throw usage('an interactive shell in a container is not supported yet: give a command');
    const stdin = process.stdin.isTTY ? undefined : await readText(process.stdin);
    const { PebbleHttpClient } = await import('@charmkit/ops/pebble');
    const pebble = new PebbleHttpClient({ socketPath });
    const result = await pebble.exec(command.length === 1 ? ['sh', '-c', command[0]!] : command, {
      ...(stdin === undefined ? {} : { stdin }),
    });
    ctx.io.stdout(result.stdout);
    ctx.io.stderr(result.stderr);
    return result.exitCode;
  }
  const shell = ctx.env.SHELL ?? '/bin/sh';
  const args = command.length === 0 ? [] : ['-c', command.join(' ')];
  return new Promise((resolve, reject) => {
    const child = spawn(command.length === 0 ? shell : '/bin/sh', args, {
      cwd: paths.charmDir,
      env: { ...ctx.env, JUJU_UNIT_NAME: unit, JUJU_CHARM_DIR: paths.charmDir },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Registers `exec` and `ssh`. */
export function registerExecCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('exec')
      .description('Run a command on units, in their hook context (hook tools on PATH).')
      .addOption(modelOption())
      .argument('<command...>', 'command and arguments (after --)')
      .option(
        '-u, --unit <units>',
        'units to run on (comma separated, repeatable)',
        collectList,
        [],
      )
      .option('-a, --application <apps>', 'every unit of these applications', collectList, [])
      .option('--machine <id>', 'not supported: this is a caas model')
      .option('--all', 'every unit of the model')
      .option('--wait <duration>', 'how long to wait for results (default 5m)')
      .addOption(formatOption(['plain', 'json', 'yaml']))
      .action((argv: string[], options: ExecOptions) => exec(ctx, argv, options)),
    [
      'charmkit exec --unit kv/0 -- relation-ids peers',
      'charmkit exec --format json --unit kv/0,kv/1 -- hostname',
    ],
  );
  examples(
    program
      .command('ssh')
      .description(
        "Run a command (or a shell) in a unit's charm directory or one of its containers.",
      )
      .addOption(modelOption())
      .argument('<unit>', 'unit name ([user@]app/n)')
      .argument('[command...]', 'command and arguments')
      .option('--container <name>', 'run in this container (through its Pebble)')
      .option('--no-host-key-checks', 'ignored')
      .option('--pty <bool>', 'ignored')
      .passThroughOptions()
      .action(async (target: string, argv: string[], options: SshOptions) => {
        const code = await ssh(ctx, target, argv, options);
        if (code !== 0) throw new ExitStatus(code);
      }),
    ['charmkit ssh kv/0 ls', 'echo hi | charmkit ssh --container workload web/0 cat'],
  );
}
