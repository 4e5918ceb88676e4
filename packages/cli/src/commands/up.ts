/**
 * @module `charmkit up [dir|bundle.yaml]`: the one command that brings a model up. Starts the
 * controller if none runs, creates (and switches to) a model named after the directory,
 * deploys the bundle (only what differs from the model), shows what is still pending until
 * everything is active, then prints the status and the URLs the ingress handed out.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { durationMs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, usage } from '../errors.ts';
import { applications, obj, str, units } from '../format/status-view.ts';
import type { Json } from '../format/status-view.ts';
import { deployBundle } from './applications.ts';
import { bootstrap } from './controller.ts';
import { examples, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';
import { progress, waitFor } from './wait.ts';

interface UpOptions extends ModelOptions {
  readonly overlay: readonly string[];
  readonly timeout: string;
  readonly quiet?: boolean;
}

/** The bundle file `up` deploys: the argument itself, or `bundle.yaml` in that directory. */
function bundleFile(target: string): { file: string; name: string } {
  const path = resolve(target);
  if (!existsSync(path)) throw usage(`"${target}" not found: give a directory with a bundle.yaml`);
  if (statSync(path).isFile()) return { file: path, name: basename(dirname(path)) };
  const file = join(path, 'bundle.yaml');
  if (!existsSync(file))
    throw usage(`no bundle.yaml in "${target}": charmkit up deploys a directory's bundle.yaml`);
  return { file, name: basename(path) };
}

/** A model name from a directory name: lower case, letters, digits and hyphens. */
function modelNameFor(dir: string): string {
  const name = dir
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(name) ? name : `model-${name || 'up'}`;
}

/**
 * The URLs ingress providers handed to the model's applications: the `url` in the provider's
 * application data of each `ingress` relation, read through `show-unit` of a requirer unit.
 */
async function ingressUrls(ctx: CliContext, model: string, status: Json): Promise<string[]> {
  const out: string[] = [];
  for (const [name, app] of applications(status)) {
    const ingress = Object.values(obj(app.relations))
      .flatMap((list) => (Array.isArray(list) ? list.map(obj) : []))
      .some((rel) => str(rel.interface) === 'ingress');
    const first = units(app)[0]?.[0];
    if (!ingress || first === undefined) continue;
    const shown = obj((await ctx.client.showUnit(model, first))[first]);
    for (const rel of Array.isArray(shown['relation-info'])
      ? shown['relation-info'].map(obj)
      : []) {
      const raw = str(obj(rel['application-data']).ingress);
      if (!raw) continue;
      try {
        const url = str(obj(JSON.parse(raw) as unknown).url);
        if (url) out.push(`${name}: ${url}`);
      } catch {
        ctx.info(`${name}: the ingress URL is not valid JSON: ${raw}`);
      }
    }
  }
  return out;
}

async function up(ctx: CliContext, target: string | undefined, options: UpOptions): Promise<void> {
  const started = Date.now();
  const bundle = bundleFile(target ?? '.');
  const timeoutMs = durationMs(options.timeout);
  await bootstrap(ctx);
  const model = options.model !== undefined ? ctx.model(options.model) : modelNameFor(bundle.name);
  const models = await ctx.client.models();
  if (!models.some((m) => m.name === model)) {
    await ctx.client.createModel(model);
    ctx.info(`Added model "${model}"`);
  }
  ctx.setCurrentModel(model);
  await deployBundle(ctx, bundle.file, {
    model,
    overlay: options.overlay,
    config: [],
    resource: [],
  });
  try {
    await waitFor(ctx, model, {
      goal: 'active',
      apps: [],
      timeoutMs,
      ignoreErrors: false,
      show: progress(ctx, options.quiet === true),
    });
  } catch (error) {
    if (error instanceof CliError)
      ctx.info(`The model is not up; see \`charmkit status\` and \`charmkit debug-log\`.`);
    throw error;
  }
  const status = await ctx.client.status(model);
  const { statusTable } = await import('../format/status-table.ts');
  const integrations = await ctx.client.integrations(model);
  ctx.out(statusTable(status, { colour: process.stdout.isTTY === true, integrations }).trimEnd());
  const urls = await ingressUrls(ctx, model, status);
  if (urls.length > 0) ctx.out(['', ...urls].join('\n'));
  ctx.info(`Model "${model}" is up in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/** Registers `up`. */
export function registerUpCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('up')
      .description(
        "Bring a directory's bundle.yaml up: start the controller if needed, deploy, wait until active, print the status and URLs.",
      )
      .addOption(modelOption())
      .argument('[directory]', 'a directory with a bundle.yaml, or a bundle file', '.')
      .option('--overlay <file>', 'bundle overlay (repeatable)', collect, [])
      .option('--timeout <duration>', 'give up waiting after this long', '10m')
      .option('-q, --quiet', 'no progress display')
      .action((target: string, options: UpOptions) => up(ctx, target, options)),
    ['charmkit up examples/demo', 'charmkit up ./bundle.yaml --overlay dev.yaml --timeout 5m'],
  );
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
