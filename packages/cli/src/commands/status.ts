/**
 * @module `status [--format tabular|json|yaml]` (juju-semantics.md §1.4): json and yaml print
 * the controller's status document as is; tabular prints juju's default layout.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { render } from '../format/output.ts';
import { statusTable } from '../format/status-table.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface StatusOptions extends ModelOptions {
  readonly format: 'tabular' | 'json' | 'yaml';
}

/** Registers `status`. */
export function registerStatusCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('status')
      .description('Show the status of the model: applications, units and relations.')
      .addOption(modelOption())
      .addOption(formatOption(['tabular', 'json', 'yaml']))
      .option('--relations', 'show relations (always shown)')
      .option('--no-color', 'no colour (never coloured)')
      .action(async (options: StatusOptions) => {
        const status = await ctx.client.status(ctx.model(options.model));
        ctx.io.stdout(
          options.format === 'tabular' ? statusTable(status) : render(status, options.format),
        );
      }),
    ['charmkit status', 'charmkit status --format json', 'charmkit status -m dev --format yaml'],
  );
}
