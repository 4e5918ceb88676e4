/**
 * @module `run <unit|app/leader> <action> [k=v …]` with juju's output and exit-code contract
 * (juju-semantics.md §6.2, §6.3): results keyed by the resolved unit; a task whose return code
 * is non-zero prints its JSON and exits 1 with "task failed"; a timeout exits 1 with
 * "timed out"; an undefined action fails with juju's "(not found)" text. Progress on stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseYaml } from '../yaml.ts';
import { actionParams, durationMs } from '../args.ts';
import type { ActionTask } from '../api-client.ts';
import type { CliContext } from '../context.ts';
import { CliError, usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { obj, str } from '../format/status-view.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface RunOptions extends ModelOptions {
  readonly format: 'plain' | 'json' | 'yaml';
  readonly wait?: string;
  readonly params?: string;
  readonly stringArgs?: boolean;
  readonly background?: boolean;
}

const DEFAULT_WAIT_MS = 60_000;
/** One API wait at most this long, so no single HTTP request idles for minutes. */
const WAIT_CHUNK_MS = 30_000;
const TARGET = /^[a-z][a-z0-9-]*\/(\d+|leader)$/;
const ACTION = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED = new Set(['return-code', 'stdout', 'stderr', 'stdout-encoding', 'stderr-encoding']);

function readParams(options: RunOptions, args: readonly string[]): Record<string, unknown> {
  let fromFile: Record<string, unknown> = {};
  if (options.params !== undefined) {
    if (!existsSync(options.params)) throw usage(`params file "${options.params}" not found`);
    const doc: unknown = parseYaml(readFileSync(options.params, 'utf8'));
    if (doc !== null && (typeof doc !== 'object' || Array.isArray(doc)))
      throw usage(`params file "${options.params}" must hold a YAML mapping`);
    fromFile = obj(doc);
  }
  return { ...fromFile, ...actionParams(args, options.stringArgs === true) };
}

/** The task as `juju run --format json` prints it, keyed by unit (§6.3). */
export function formatTask(task: ActionTask): Record<string, unknown> {
  const results = Object.fromEntries(
    Object.entries(task.results).filter(
      ([key, value]) => !((key === 'stdout' || key === 'stderr') && value === ''),
    ),
  );
  return {
    [task.unit]: {
      id: String(task.id),
      status: task.status,
      unit: task.unit,
      ...(task.message ? { message: task.message } : {}),
      results,
      ...(task.log.length > 0 ? { log: task.log } : {}),
      timing: {
        enqueued: task.enqueued,
        ...(task.started ? { started: task.started } : {}),
        ...(task.completed ? { completed: task.completed } : {}),
      },
    },
  };
}

function printPlain(ctx: CliContext, task: ActionTask): void {
  for (const line of task.log) ctx.info(line);
  if (task.status === 'failed' && task.message)
    ctx.info(`Action id ${task.id} failed: ${task.message}`);
  const shown = Object.fromEntries(
    Object.entries(task.results).filter(([key]) => !RESERVED.has(key)),
  );
  if (Object.keys(shown).length > 0) ctx.io.stdout(render(shown, 'yaml'));
  const stdout = str(task.results.stdout);
  const stderr = str(task.results.stderr);
  if (stdout) ctx.io.stdout(stdout);
  if (stderr) ctx.io.stderr(stderr);
}

async function waitForTask(
  ctx: CliContext,
  model: string,
  task: ActionTask,
  waitMs: number,
): Promise<ActionTask> {
  const deadline = Date.now() + waitMs;
  let current = task;
  for (;;) {
    const remaining = deadline - Date.now();
    current = await ctx.client.waitAction(model, task.id, Math.min(WAIT_CHUNK_MS, remaining));
    if (current.status !== 'pending' && current.status !== 'running') return current;
    if (Date.now() >= deadline)
      throw new CliError('timeout', `timed out waiting for results from: unit ${current.unit}`);
  }
}

async function run(
  ctx: CliContext,
  target: string,
  action: string,
  rest: { args: readonly string[]; options: RunOptions },
): Promise<void> {
  const { args, options } = rest;
  if (!TARGET.test(target)) throw usage(`invalid unit or action name "${target}"`);
  if (!ACTION.test(action)) throw usage(`invalid unit or action name "${action}"`);
  const waitMs = options.wait === undefined ? DEFAULT_WAIT_MS : durationMs(options.wait);
  const params = readParams(options, args);
  const model = ctx.model(options.model);
  let task: ActionTask;
  try {
    task = await ctx.client.enqueueAction(model, { unit: target, name: action, params });
  } catch (error) {
    // juju 3 schedules nothing for an unknown unit: a message, empty stdout, exit 0 (§6.3).
    if (error instanceof CliError && error.code === 'not-found' && /^unit /.test(error.message)) {
      ctx.info(`Operation failed to schedule any tasks:\n${error.message}`);
      return;
    }
    throw error;
  }
  if (options.background) {
    ctx.info(`Scheduled operation ${task.id} with task ${task.id}`);
    return;
  }
  ctx.info(
    `Running operation ${task.id} with 1 task\n  - task ${task.id} on unit-${task.unit.replace('/', '-')}\n`,
  );
  ctx.info(`Waiting for task ${task.id}...`);
  const done = await waitForTask(ctx, model, task, waitMs);
  if (options.format === 'plain') printPlain(ctx, done);
  else ctx.io.stdout(render(formatTask(done), options.format));
  const code = done.results['return-code'];
  if (typeof code === 'number' && code !== 0) {
    throw new CliError(
      'task-failed',
      `the following task failed:\n - id "${done.id}" with return code ${code}\n\nuse 'juju show-task' to inspect the failure`,
    );
  }
}

/** `show-task <id>`: a task (an action or exec) as `juju show-task` prints it. */
async function showTask(
  ctx: CliContext,
  id: string,
  options: ModelOptions & { format: 'yaml' | 'json' },
): Promise<void> {
  if (!/^\d+$/.test(id)) throw usage(`invalid task id "${id}"`);
  const task = await ctx.client.waitAction(ctx.model(options.model), Number(id), 0);
  ctx.io.stdout(render(formatTask(task)[task.unit], options.format));
}

/** Registers `run` and `show-task`. */
export function registerRunCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('show-task')
      .description('Show a task: its status, results and log.')
      .addOption(modelOption())
      .argument('<id>', 'task id (printed by run and exec)')
      .addOption(formatOption(['yaml', 'json']))
      .action((id: string, options: ModelOptions & { format: 'yaml' | 'json' }) =>
        showTask(ctx, id, options),
      ),
    ['charmkit show-task 1', 'charmkit show-task 1 --format json'],
  );
  examples(
    program
      .command('run')
      .description("Run an action on a unit (or the application's leader) and wait for it.")
      .addOption(modelOption())
      .argument('<unit>', 'unit name, or <application>/leader')
      .argument('<action>', 'action name')
      .argument('[key=value...]', 'action params (values parsed as YAML; dotted keys nest)')
      .addOption(formatOption(['plain', 'json', 'yaml']))
      .option('--wait <duration>', 'how long to wait for results (default 60s)')
      .option('--params <file>', 'YAML file of params (key=value arguments override it)')
      .option('--string-args', 'do not parse values as YAML')
      .option('--background', 'do not wait for the result')
      .option('--utc', 'ignored: times are already UTC')
      .action((target: string, action: string, args: string[], options: RunOptions) =>
        run(ctx, target, action, { args, options }),
      ),
    [
      'charmkit run kv/0 echo text=hello',
      'charmkit run kv/leader echo text=hi times=2 --format json --wait 30s',
    ],
  );
}
