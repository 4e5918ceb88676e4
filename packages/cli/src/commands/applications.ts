/**
 * @module Application verbs (juju-semantics.md §1.2): `deploy` of a local charm directory,
 * `add-unit`, `remove-unit` (by unit name, or `<app> --num-units N` as on k8s) and
 * `remove-application`. Arguments are all checked before the controller is asked anything.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type AdmZip from 'adm-zip';
import { parseYaml } from '../yaml.ts';
import { resourceArgs } from '../resource-value.ts';
import { count, keyValues } from '../args.ts';
import type { ConfigValue } from '../api-client.ts';
import type { CliContext } from '../context.ts';
import { CliError, usage } from '../errors.ts';
import { obj, units, unitNumber } from '../format/status-view.ts';
import { examples, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

export interface DeployOptions extends ModelOptions {
  readonly numUnits?: string;
  readonly config: readonly string[];
  readonly resource: readonly string[];
  readonly overlay: readonly string[];
  readonly trust?: boolean;
  readonly dryRun?: boolean;
}

interface UnitCountOptions extends ModelOptions {
  readonly numUnits?: string;
}

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];
const UNIT = /^[a-z][a-z0-9-]*\/\d+$/;
const APP = /^[a-z][a-z0-9-]*$/;

/** `--config k=v` pairs and `--config file.yaml` files (`{app: {k: v}}` or flat) merged in order. */
function deployConfig(args: readonly string[], app: string): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const arg of args) {
    if (arg.includes('=')) {
      Object.assign(out, keyValues([arg]));
      continue;
    }
    if (!existsSync(arg)) throw usage(`config file "${arg}" not found`);
    const doc = obj(parseYaml(readFileSync(arg, 'utf8')));
    const section = app in doc ? obj(doc[app]) : doc;
    for (const [key, value] of Object.entries(section)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw usage(`config file "${arg}": option "${key}" must be a scalar`);
      out[key] = value;
    }
  }
  return out;
}

/** The charm name inside a `.charm` file (its `metadata.yaml` or `charmcraft.yaml`). */
async function charmFileName(file: string): Promise<string> {
  // Loaded on use: most verbs never open a zip, and every verb pays for what it imports.
  const { default: Zip } = await import('adm-zip');
  let zip: AdmZip;
  try {
    zip = new Zip(file);
  } catch (cause) {
    throw new CliError(
      'invalid',
      `${file} is not a .charm file (a zip): ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const entry = zip.getEntry('metadata.yaml') ?? zip.getEntry('charmcraft.yaml');
  if (!entry) throw usage(`${file} has no metadata.yaml or charmcraft.yaml: is it a .charm file?`);
  const name = obj(parseYaml(entry.getData().toString('utf8'))).name;
  if (typeof name !== 'string') throw usage(`${file}: the charm has no name`);
  return name;
}

function charmName(dir: string): string {
  const meta = resolve(dir, 'metadata.yaml');
  const charmcraft = resolve(dir, 'charmcraft.yaml');
  const file = existsSync(meta) ? meta : existsSync(charmcraft) ? charmcraft : undefined;
  if (file === undefined) throw usage(`no metadata.yaml or charmcraft.yaml in "${dir}"`);
  const name = obj(parseYaml(readFileSync(file, 'utf8'))).name;
  if (typeof name !== 'string') throw usage(`${file} has no charm name`);
  return name;
}

/**
 * `deploy bundle.yaml [--overlay f]… [--dry-run]`: plans the changes against the model (only
 * what differs), prints them with `--dry-run`, else applies them in order with progress.
 */
export async function deployBundle(
  ctx: CliContext,
  path: string,
  options: DeployOptions,
): Promise<void> {
  if (options.numUnits !== undefined || options.config.length > 0 || options.resource.length > 0)
    throw usage(
      'options --num-units, --config and --resource are for charms: set them in the bundle or an --overlay',
    );
  const model = ctx.model(options.model);
  // Bundle support (zod schemas, the planner, the charm metadata loader) loads only here.
  const [{ loadBundle }, { planBundle }, { applyPlan }, { formatPlan }, target] = await Promise.all(
    [
      import('../bundle/load.ts'),
      import('../bundle/plan.ts'),
      import('../bundle/apply.ts'),
      import('../bundle/changes.ts'),
      import('../bundle/model-target.ts'),
    ],
  );
  const snapshot = await target.modelSnapshot(ctx.client, model);
  const bundle = await loadBundle(path, {
    overlays: options.overlay.map((file) => resolve(file)),
    existingApps: Object.keys(snapshot.applications),
  });
  const plan = planBundle(bundle, snapshot, await target.localCharmInfo());
  if (options.dryRun) {
    for (const line of formatPlan(plan)) ctx.out(line);
    return;
  }
  if (plan.changes.length === 0) {
    for (const line of formatPlan(plan)) ctx.info(line);
    return;
  }
  ctx.info(`Executing changes:`);
  await applyPlan(plan, target.apiBundleTarget(ctx.client, model), (line) => ctx.info(line));
  for (const note of plan.notes) ctx.info(`Note: ${note}`);
  ctx.info(`Deploy of bundle completed.`);
}

async function deploy(
  ctx: CliContext,
  charm: string,
  app: string | undefined,
  options: DeployOptions,
): Promise<void> {
  const path = resolve(charm);
  if (!existsSync(path)) throw usage(`charm or bundle "${charm}" not found`);
  const isDir = statSync(path).isDirectory();
  if (!isDir && /\.ya?ml$/.test(path)) return deployBundle(ctx, path, options);
  if (options.overlay.length > 0) throw usage('--overlay is only for bundles');
  if (options.dryRun) throw usage('--dry-run is only for bundles');
  if (!isDir && !path.endsWith('.charm'))
    throw usage(`"${charm}" is not a charm directory, a .charm file or a bundle (.yaml)`);
  const charmNameInPath = isDir ? charmName(path) : await charmFileName(path);
  const name = app ?? charmNameInPath;
  if (!APP.test(name)) throw usage(`invalid application name "${name}"`);
  const numUnits = options.numUnits === undefined ? 1 : count(options.numUnits, '--num-units');
  const config = deployConfig(options.config, name);
  const model = ctx.model(options.model);
  const resources = resourceArgs(options.resource);
  ctx.info(`Located local charm "${charmNameInPath}"`);
  const deployed = await ctx.client.deploy(model, {
    charm: path,
    name,
    numUnits,
    config,
    resources,
    ...(options.trust ? { trust: true } : {}),
  });
  ctx.info(`Deploying "${deployed.name}" from local charm "${deployed.charm}"`);
}

async function addUnit(ctx: CliContext, app: string, options: UnitCountOptions): Promise<void> {
  const n = options.numUnits === undefined ? 1 : count(options.numUnits, '--num-units');
  if (n < 1) throw usage('--num-units must be at least 1');
  const model = ctx.model(options.model);
  const { units: added } = await ctx.client.addUnits(model, app, n);
  ctx.info(`Added ${added.join(', ')}`);
}

async function removeUnits(
  ctx: CliContext,
  names: readonly string[],
  options: UnitCountOptions,
): Promise<void> {
  const model = ctx.model(options.model);
  let targets: readonly string[] = names;
  if (options.numUnits !== undefined) {
    const n = count(options.numUnits, '--num-units');
    const [app, ...extra] = names;
    if (app === undefined || extra.length > 0 || !APP.test(app))
      throw usage('--num-units takes exactly one application name');
    const status = await ctx.client.status(model);
    const existing = units(obj(obj(status.applications)[app]))
      .filter(([, unit]) => unit.life === undefined)
      .map(([name]) => name);
    if (existing.length === 0) throw new CliError('not-found', `application "${app}" not found`);
    if (n > existing.length)
      throw usage(`cannot remove ${n} units of "${app}": it has ${existing.length}`);
    targets = existing.sort((a, b) => unitNumber(b) - unitNumber(a)).slice(0, n);
  } else {
    const bad = names.find((u) => !UNIT.test(u));
    if (bad !== undefined) throw usage(`invalid unit name "${bad}"`);
  }
  for (const unit of targets) {
    await ctx.client.removeUnit(model, unit);
    ctx.info(`will remove unit ${unit}`);
  }
}

async function removeApplications(
  ctx: CliContext,
  apps: readonly string[],
  options: ModelOptions,
): Promise<void> {
  const bad = apps.find((a) => !APP.test(a));
  if (bad !== undefined) throw usage(`invalid application name "${bad}"`);
  const model = ctx.model(options.model);
  for (const app of apps) {
    await ctx.client.removeApplication(model, app);
    ctx.info(`will remove application ${app}`);
  }
}

/** Registers `deploy`, `add-unit`, `remove-unit` and `remove-application`. */
export function registerApplicationCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('deploy')
      .description('Deploy a local charm (directory or .charm file) or a bundle.')
      .addOption(modelOption())
      .argument('<charm>', 'path to a charm directory, a .charm file or a bundle.yaml')
      .argument('[application]', 'application name (default: the charm name)')
      .option('-n, --num-units <n>', 'number of units (default: 1)')
      .option('--config <key=value|file>', 'config value or YAML file (repeatable)', collect, [])
      .option('--trust', 'grant the application access to cloud credentials')
      .option('--resource <name=path>', 'a resource file (repeatable)', collect, [])
      .option('--overlay <file>', 'bundle overlay (repeatable)', collect, [])
      .option('--dry-run', 'bundles: print the changes without applying them')
      .option('--storage <name=size>', 'ignored: storage is a directory per unit', collect, [])
      .option('--attach-storage <id>', 'ignored: storage is a directory per unit')
      .option('--constraints <constraints>', 'ignored: units run on this machine')
      .option('--base <base>', 'ignored: units run on this machine')
      .option('--bind <bindings>', 'ignored: every endpoint binds the unit address')
      .option('--to <placement>', 'ignored: units run on this machine')
      .option('--channel <channel>', 'ignored: charms are local')
      .option('--revision <n>', 'ignored: local revisions count up')
      .option('--force', 'ignored')
      .action((charm: string, app: string | undefined, options: DeployOptions) =>
        deploy(ctx, charm, app, options),
      ),
    [
      'charmkit deploy ./my-charm',
      'charmkit deploy ./kv web -n 2 --config greeting=hello --trust',
      'charmkit deploy ./bundle.yaml --overlay ./dev.yaml --dry-run',
    ],
  );
  examples(
    program
      .command('add-unit')
      .description('Add units to an application.')
      .addOption(modelOption())
      .argument('<application>', 'application name')
      .option('-n, --num-units <n>', 'number of units to add', '1')
      .action((app: string, options: UnitCountOptions) => addUnit(ctx, app, options)),
    ['charmkit add-unit kv', 'charmkit add-unit kv -n 3'],
  );
  examples(
    program
      .command('remove-unit')
      .description('Remove units, by name or (with --num-units) the newest of an application.')
      .addOption(modelOption())
      .argument('<unit...>', 'unit names, or one application name with --num-units')
      .option('--num-units <n>', 'number of units to remove from the application')
      .option('--no-prompt', 'do not ask for confirmation (never asked)')
      .option('--destroy-storage', 'ignored')
      .option('--force', 'ignored')
      .action((names: string[], options: UnitCountOptions) => removeUnits(ctx, names, options)),
    ['charmkit remove-unit kv/1 kv/2', 'charmkit remove-unit kv --num-units 1'],
  );
  examples(
    program
      .command('remove-application')
      .description('Remove applications and their units.')
      .addOption(modelOption())
      .argument('<application...>', 'application names')
      .option('--no-prompt', 'do not ask for confirmation (never asked)')
      .option('--destroy-storage', 'ignored')
      .option('--force', 'ignored')
      .action((apps: string[], options: ModelOptions) => removeApplications(ctx, apps, options)),
    ['charmkit remove-application kv', 'charmkit remove-application --no-prompt kv web'],
  );
}
