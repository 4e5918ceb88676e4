/**
 * @module `wait`: blocks until the model (or the named applications) reach a status, showing
 * what is still pending; exits 1 at the timeout or as soon as a unit is in error (unless
 * `--ignore-errors`). Status is polled over the controller's socket every 50 ms, so the wait
 * ends within a poll of the model getting there.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { durationMs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { judge } from '../wait-condition.ts';
import type { WaitGoal, WaitVerdict } from '../wait-condition.ts';
import { examples, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface WaitOptions extends ModelOptions {
  readonly for: WaitGoal;
  readonly timeout: string;
  readonly ignoreErrors?: boolean;
  readonly quiet?: boolean;
}

const POLL_MS = 50;

/** Polls until `goal` holds; reports progress through `show`. Used by `wait` and `up`. */
export async function waitFor(
  ctx: CliContext,
  model: string,
  options: {
    goal: WaitGoal;
    apps: readonly string[];
    timeoutMs: number;
    ignoreErrors: boolean;
    show: (verdict: WaitVerdict) => void;
  },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const verdict = judge(await ctx.client.status(model), options.goal, options.apps);
    options.show(verdict);
    if (verdict.ready) return;
    if (!options.ignoreErrors && verdict.errors.length > 0)
      throw new CliError('invalid', `units in error: ${verdict.errors.join('; ')}`);
    if (Date.now() > deadline)
      throw new CliError(
        'timeout',
        `timed out after ${options.timeoutMs / 1000}s waiting for ${options.goal}: ${verdict.pending.join('; ')}`,
      );
    await sleep(POLL_MS);
  }
}

/** A progress display: one redrawn block on a terminal, changed lines otherwise. */
export function progress(ctx: CliContext, quiet: boolean): (verdict: WaitVerdict) => void {
  let last = '';
  let drawn = 0;
  const tty = process.stderr.isTTY === true;
  return (verdict) => {
    if (quiet) return;
    const text = verdict.ready
      ? ''
      : `waiting for:\n${verdict.pending.map((p) => `  ${p}`).join('\n')}`;
    if (text === last) return;
    last = text;
    if (tty) {
      const erase = drawn > 0 ? `\x1b[${drawn}A\x1b[J` : '';
      ctx.io.stderr(erase + (text ? `${text}\n` : ''));
      drawn = text ? text.split('\n').length : 0;
    } else if (text) ctx.info(text);
  };
}

/** Registers `wait`. */
export function registerWaitCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('wait')
      .description('Wait until applications reach a status (default: all active and idle).')
      .addOption(modelOption())
      .argument('[application...]', 'applications to wait for (default: all)')
      .addOption(
        new Option('--for <status>', 'the status to wait for')
          .choices(['active', 'blocked', 'waiting', 'maintenance', 'idle'])
          .default('active'),
      )
      .option('--timeout <duration>', 'give up after this long', '10m')
      .option('--ignore-errors', 'keep waiting when a unit is in error')
      .option('-q, --quiet', 'no progress display')
      .action(async (apps: string[], options: WaitOptions) => {
        const model = ctx.model(options.model);
        await waitFor(ctx, model, {
          goal: options.for,
          apps,
          timeoutMs: durationMs(options.timeout),
          ignoreErrors: options.ignoreErrors === true,
          show: progress(ctx, options.quiet === true),
        });
      }),
    ['charmkit wait', 'charmkit wait kv web --for active --timeout 2m', 'charmkit wait --for idle'],
  );
}
