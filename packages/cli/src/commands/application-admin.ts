/**
 * @module Verbs that change an existing application (juju-semantics.md §1.2): `refresh
 * --path`, `scale-application`, `trust`, `expose` / `unexpose`, plus the unit verbs
 * `show-unit` and `resolve` (alias `resolved`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { count, keyValues } from '../args.ts';
import { resourceArgs } from '../resource-value.ts';
import type { CliContext } from '../context.ts';
import { CliError, usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { obj, unitNumber, units } from '../format/status-view.ts';
import { examples, formatOption, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface RefreshOptions extends ModelOptions {
  readonly path?: string;
  readonly config: readonly string[];
  readonly trust?: boolean;
  readonly resource: readonly string[];
}

/**
 * `refresh app --path charm [--config k=v] [--trust] [--resource r=path]`: a new local
 * revision with any new resources (upgrade-charm runs), then the config and trust changes.
 * Without `--path` only those changes apply (there is no store to refresh from).
 */
async function refresh(ctx: CliContext, app: string, options: RefreshOptions): Promise<void> {
  const config = keyValues(options.config);
  const model = ctx.model(options.model);
  const resources = resourceArgs(options.resource);
  if (options.path === undefined && Object.keys(resources).length > 0)
    throw usage('--resource needs --path: resources change together with the local charm');
  if (options.path === undefined && Object.keys(config).length === 0 && !options.trust)
    throw usage('charmkit refreshes local charms only: give the new charm with --path');
  if (options.path !== undefined) {
    const path = resolve(options.path);
    if (!existsSync(path)) throw usage(`charm "${options.path}" not found`);
    const { charm } = await ctx.client.refresh(model, app, path, resources);
    ctx.info(
      `Added local charm "${app}", revision ${charm.slice(charm.lastIndexOf('-') + 1)}, to the model`,
    );
  }
  if (Object.keys(config).length > 0)
    await ctx.client.setConfig(model, app, { values: config, reset: [] });
  if (options.trust) await ctx.client.setApplicationFlags(model, app, { trust: true });
}

/** `scale-application app N`: adds units, or removes the newest ones. */
async function scale(
  ctx: CliContext,
  app: string,
  scaleText: string,
  options: ModelOptions,
): Promise<void> {
  const target = count(scaleText, 'scale');
  const model = ctx.model(options.model);
  const status = await ctx.client.status(model);
  const apps = obj(status.applications);
  if (!(app in apps)) throw new CliError('not-found', `application "${app}" not found`);
  const alive = units(obj(apps[app])).filter(([, u]) => u.life === undefined);
  if (target > alive.length) await ctx.client.addUnits(model, app, target - alive.length);
  const excess = alive
    .map(([name]) => name)
    .sort((a, b) => unitNumber(b) - unitNumber(a))
    .slice(0, Math.max(0, alive.length - target));
  for (const unit of excess) await ctx.client.removeUnit(model, unit);
  ctx.info(`${app} scale changed to ${target}`);
}

const collectOption = (value: string, previous: readonly string[]): string[] => [
  ...previous,
  value,
];

/** Registers `refresh`, `scale-application`, `trust`, `expose`, `unexpose`, `show-unit`, `resolve`. */
export function registerApplicationAdminCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('refresh')
      .description('Move an application to a new revision of its local charm (upgrade-charm runs).')
      .addOption(modelOption())
      .argument('<application>', 'application name')
      .option('--path <charm>', 'the new charm directory or .charm file')
      .option('--config <key=value>', 'config to set with the new revision', collectOption, [])
      .option('--trust', 'grant the application trust')
      .option(
        '--resource <name=path>',
        'a new file, directory or image for a resource (repeatable; with --path)',
        collectOption,
        [],
      )
      .option(
        '--storage <name=size>',
        'ignored: storage is a directory per unit',
        collectOption,
        [],
      )
      .option('--base <base>', 'ignored: units run on this machine')
      .option('--channel <channel>', 'ignored: charms are local')
      .option('--revision <n>', 'ignored: local revisions count up')
      .option('--force', 'ignored')
      .option('--force-units', 'ignored')
      .option('--force-base', 'ignored')
      .action((app: string, options: RefreshOptions) => refresh(ctx, app, options)),
    [
      'charmkit refresh kv --path ./kv',
      'charmkit refresh kv --path ./kv --config greeting=hi --trust',
    ],
  );
  examples(
    program
      .command('scale-application')
      .description('Set the number of units of an application.')
      .addOption(modelOption())
      .argument('<application>', 'application name')
      .argument('<scale>', 'number of units')
      .action((app: string, n: string, options: ModelOptions) => scale(ctx, app, n, options)),
    ['charmkit scale-application kv 3'],
  );
  examples(
    program
      .command('trust')
      .description('Let an application use the cloud credential (or, with --remove, stop it).')
      .addOption(modelOption())
      .argument('<application>', 'application name')
      .option('--remove', 'take trust away')
      .option('--scope <scope>', 'ignored: trust is model-wide')
      .action(async (app: string, options: ModelOptions & { remove?: boolean }) => {
        await ctx.client.setApplicationFlags(ctx.model(options.model), app, {
          trust: options.remove !== true,
        });
      }),
    ['charmkit trust kv', 'charmkit trust kv --remove'],
  );
  for (const [verb, exposed] of [
    ['expose', true],
    ['unexpose', false],
  ] as const) {
    examples(
      program
        .command(verb)
        .description(exposed ? 'Mark an application exposed.' : 'Mark an application not exposed.')
        .addOption(modelOption())
        .argument('<application>', 'application name')
        .action(async (app: string, options: ModelOptions) => {
          await ctx.client.setApplicationFlags(ctx.model(options.model), app, { exposed });
        }),
      [`charmkit ${verb} web`],
    );
  }
  examples(
    program
      .command('show-unit')
      .description('Show a unit: leadership, ports, addresses and its relations’ data.')
      .addOption(modelOption())
      .argument('<unit>', 'unit name')
      .addOption(formatOption(['yaml', 'json']))
      .action(async (unit: string, options: ModelOptions & { format: 'yaml' | 'json' }) => {
        ctx.io.stdout(
          render(await ctx.client.showUnit(ctx.model(options.model), unit), options.format),
        );
      }),
    ['charmkit show-unit kv/0', 'charmkit show-unit kv/0 --format json'],
  );
  examples(
    program
      .command('resolve')
      .alias('resolved')
      .description('Clear a unit’s hook error; the failed hook runs again unless --no-retry.')
      .addOption(modelOption())
      .argument('<unit...>', 'unit names')
      .option('--no-retry', 'skip the failed hook instead of running it again')
      .option('--all', 'ignored')
      .action(async (names: string[], options: ModelOptions & { retry: boolean }) => {
        const model = ctx.model(options.model);
        for (const unit of names) await ctx.client.resolve(model, unit, options.retry);
      }),
    ['charmkit resolve kv/0', 'charmkit resolve --no-retry kv/0'],
  );
}
