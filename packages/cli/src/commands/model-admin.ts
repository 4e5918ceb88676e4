/**
 * @module Model administration verbs (juju-semantics.md §1.2): `show-model`, `destroy-model`
 * and `model-config` (get as `{key: {Value, Source}}` with a capital V, set, `--reset`).
 */
import type { Command } from 'commander';
import { durationMs, keyValues } from '../args.ts';
import type { CliContext } from '../context.ts';
import { usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { table } from '../format/table.ts';
import { modelName } from '../model-ref.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface DestroyOptions {
  readonly force?: boolean;
  readonly timeout?: string;
  readonly noWait?: boolean;
}

interface ModelConfigOptions extends ModelOptions {
  readonly format: 'tabular' | 'json' | 'yaml';
  readonly reset: readonly string[];
}

const collectList = (value: string, previous: readonly string[]): string[] => [
  ...previous,
  ...value.split(',').filter((k) => k !== ''),
];

async function destroyModel(ctx: CliContext, ref: string, options: DestroyOptions): Promise<void> {
  const name = modelName(ref);
  ctx.info(`Destroying model "${name}"`);
  await ctx.client.destroyModel(name, {
    force: options.force === true || options.noWait === true,
    ...(options.timeout === undefined ? {} : { timeoutMs: durationMs(options.timeout) }),
  });
  if (ctx.currentModel() === name) ctx.clearCurrentModel();
  ctx.info(`Model "${name}" destroyed`);
}

async function modelConfig(
  ctx: CliContext,
  args: readonly string[],
  options: ModelConfigOptions,
): Promise<void> {
  const model = ctx.model(options.model);
  const pairs = args.filter((a) => a.includes('='));
  if (pairs.length > 0 || options.reset.length > 0) {
    if (pairs.length !== args.length)
      throw usage(`cannot get and set model config in one call: got "${args.join(' ')}"`);
    await ctx.client.setModelConfig(model, { values: keyValues(pairs), reset: options.reset });
    return;
  }
  const config = await ctx.client.modelConfig(model);
  if (args.length > 1) throw usage('can only get one model config key at a time');
  const key = args[0];
  if (key !== undefined) {
    if (!(key in config)) throw usage(`key "${key}" not found in model config`);
    ctx.out(String(config[key]));
    return;
  }
  if (options.format === 'tabular') {
    ctx.io.stdout(
      table(
        [{ title: 'Attribute' }, { title: 'From' }, { title: 'Value' }],
        Object.entries(config).map(([k, v]) => [k, 'model', String(v)]),
      ),
    );
    return;
  }
  const doc = Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, { Value: v, Source: 'model' }]),
  );
  ctx.io.stdout(render(doc, options.format));
}

/** Registers `show-model`, `destroy-model` and `model-config`. */
export function registerModelAdminCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('show-model')
      .description('Show a model: its name, UUID, type, cloud and status.')
      .argument('[model]', 'model reference (default: the current model)')
      .addOption(formatOption(['yaml', 'json']))
      .action(async (ref: string | undefined, options: { format: 'yaml' | 'json' }) => {
        const name = ctx.model(ref);
        ctx.io.stdout(render(await ctx.client.showModel(name), options.format));
      }),
    ['charmkit show-model', 'charmkit show-model dev --format json'],
  );
  examples(
    program
      .command('destroy-model')
      .description('Remove every application of a model, then the model itself.')
      .argument('<model>', 'model reference')
      .option('--no-prompt', 'do not ask for confirmation (never asked)')
      .option('--destroy-storage', 'storage is always destroyed with the model')
      .option('--release-storage', 'ignored: storage is local directories')
      .option('--force', 'remove units even when their hooks fail')
      .option('--no-wait', 'with --force: do not wait for remove hooks')
      .option('-t, --timeout <duration>', 'how long to wait for units to go (default 10m)')
      .action((ref: string, options: DestroyOptions) => destroyModel(ctx, ref, options)),
    ['charmkit destroy-model dev --no-prompt', 'charmkit destroy-model test --force --timeout 2m'],
  );
  examples(
    program
      .command('model-config')
      .description('Get or set model config (update-status-hook-interval, …).')
      .addOption(modelOption())
      .argument('[key|key=value...]', 'a key to print, or values to set')
      .option('--reset <key1,key2>', 'reset keys to their defaults', collectList, [])
      .addOption(formatOption(['tabular', 'json', 'yaml']))
      .action((args: string[], options: ModelConfigOptions) => modelConfig(ctx, args, options)),
    [
      'charmkit model-config --format json',
      'charmkit model-config update-status-hook-interval=10s',
      'charmkit model-config --reset update-status-hook-interval',
    ],
  );
}
