/**
 * @module `config <app> [key | key=value …] [--reset k1,k2]` (juju-semantics.md §1.2, §1.5):
 * no keys prints `{application, charm, settings}`; one bare key prints its value; pairs and
 * `--reset` change config (values are text; the controller parses them per option type).
 */
import type { Command } from 'commander';
import { keyValues } from '../args.ts';
import type { CliContext } from '../context.ts';
import { usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { obj, str } from '../format/status-view.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface ConfigOptions extends ModelOptions {
  readonly reset: readonly string[];
  readonly format: 'yaml' | 'json';
}

const collectList = (value: string, previous: readonly string[]): string[] => [
  ...previous,
  ...value.split(',').filter((k) => k !== ''),
];

async function config(
  ctx: CliContext,
  app: string,
  args: readonly string[],
  options: ConfigOptions,
): Promise<void> {
  const pairs = args.filter((a) => a.includes('='));
  if (pairs.length > 0 || options.reset.length > 0) {
    if (pairs.length !== args.length)
      throw usage(`cannot get and set config in one call: got "${args.join(' ')}"`);
    const values = keyValues(pairs);
    const model = ctx.model(options.model);
    await ctx.client.setConfig(model, app, { values, reset: options.reset });
    return;
  }
  if (args.length > 1) throw usage('can only get one config key at a time');
  const doc = await ctx.client.config(ctx.model(options.model), app);
  const key = args[0];
  if (key === undefined) {
    ctx.io.stdout(render(doc, options.format));
    return;
  }
  const settings = obj(doc.settings);
  if (!(key in settings)) throw usage(`key "${key}" not found in "${app}" application config`);
  ctx.out(str(obj(settings[key]).value));
}

/** Registers `config`. */
export function registerConfigCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('config')
      .description("Get or set an application's config.")
      .addOption(modelOption())
      .argument('<application>', 'application name')
      .argument('[key|key=value...]', 'a key to print, or values to set')
      .option('--reset <key1,key2>', 'reset keys to their defaults (repeatable)', collectList, [])
      .addOption(formatOption(['yaml', 'json']))
      .action((app: string, args: string[], options: ConfigOptions) =>
        config(ctx, app, args, options),
      ),
    [
      'charmkit config kv --format json',
      'charmkit config kv greeting',
      'charmkit config kv greeting=hello fail-on=install',
      'charmkit config kv --reset greeting',
    ],
  );
}
