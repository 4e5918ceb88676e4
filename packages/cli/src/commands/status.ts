/**
 * @module `status [--format tabular|json|yaml]` (juju-semantics.md §1.4): json and yaml print
 * the controller's status document as is; tabular prints juju's default layout, and its
 * integrations section with `--relations` (or `--integrations`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { durationMs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { render } from '../format/output.ts';
import { statusTable } from '../format/status-table.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface StatusOptions extends ModelOptions {
  readonly format: 'tabular' | 'json' | 'yaml';
  readonly watch?: string;
  readonly color: boolean;
  readonly relations?: boolean;
  readonly integrations?: boolean;
}

/** Colour only on a terminal, and never with `--no-color` or `NO_COLOR` set. */
function useColour(ctx: CliContext, flag: boolean): boolean {
  return flag && ctx.io.stdoutIsTty && !ctx.env.NO_COLOR;
}

async function status(ctx: CliContext, options: StatusOptions): Promise<void> {
  const model = ctx.model(options.model);
  const print = async (): Promise<string> => {
    const doc = await ctx.client.status(model);
    if (options.format !== 'tabular') return render(doc, options.format);
    const withIntegrations = options.relations === true || options.integrations === true;
    return statusTable(doc, {
      colour: useColour(ctx, options.color),
      ...(withIntegrations ? { integrations: await ctx.client.integrations(model) } : {}),
    });
  };
  if (options.watch === undefined) {
    ctx.io.stdout(await print());
    return;
  }
  const interval = durationMs(options.watch);
  const clear = ctx.io.stdoutIsTty ? '\x1b[H\x1b[2J' : '';
  // Until interrupted (Ctrl-C ends the process), as `juju status --watch` does.
  for (;;) {
    ctx.io.stdout(`${clear}${await print()}${clear ? '' : '\n'}`);
    await sleep(interval);
  }
}

/** Registers `status`. */
export function registerStatusCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('status')
      .description('Show the status of the model: applications, units and relations.')
      .addOption(modelOption())
      .addOption(formatOption(['tabular', 'json', 'yaml']))
      .option('--integrations', 'show the integrations section in tabular output')
      .option('--relations', 'the same as --integrations')
      .option('--no-color', 'no colour even on a terminal (NO_COLOR works too)')
      .option('--watch <interval>', 'print the status again every interval (e.g. 2s)')
      .action((options: StatusOptions) => status(ctx, options)),
    [
      'charmkit status',
      'charmkit status --relations',
      'charmkit status --format json',
      'charmkit status --watch 2s',
    ],
  );
}
