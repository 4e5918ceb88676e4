/**
 * @module `model-constraints` and `set-model-constraints` (juju's verbs): kept by the
 * controller, normalised as Juju does (sizes in MiB), changing nothing on one machine.
 */
import type { Command } from 'commander';
import { keyValues } from '../args.ts';
import type { CliContext } from '../context.ts';
import { render } from '../format/output.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

const SIZES = new Set(['mem', 'root-disk']);

/** Juju's text form: `cores=2 mem=1024M`. */
function text(constraints: Record<string, unknown>): string {
  return Object.keys(constraints)
    .sort()
    .map((key) => {
      const value = constraints[key];
      if (SIZES.has(key)) return `${key}=${String(value)}M`;
      return `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`;
    })
    .join(' ');
}

/** Registers `model-constraints` and `set-model-constraints`. */
export function registerConstraintCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('model-constraints')
      .description("Show the model's constraints (kept, though units all run on this machine).")
      .addOption(modelOption())
      .addOption(formatOption(['constraints', 'json', 'yaml']))
      .action(async (options: ModelOptions & { format: 'constraints' | 'json' | 'yaml' }) => {
        const constraints = await ctx.client.modelConstraints(ctx.model(options.model));
        if (options.format === 'constraints') ctx.out(text(constraints));
        else ctx.io.stdout(render(constraints, options.format));
      }),
    ['charmkit model-constraints', 'charmkit model-constraints --format json'],
  );
  examples(
    program
      .command('set-model-constraints')
      .description("Replace the model's constraints.")
      .addOption(modelOption())
      .argument('<key=value...>', 'constraints: mem, cores, cpu-power, root-disk, arch, tags, …')
      .action(async (pairs: string[], options: ModelOptions) => {
        await ctx.client.setModelConstraints(ctx.model(options.model), keyValues(pairs));
      }),
    ['charmkit set-model-constraints mem=4G cores=2'],
  );
}
