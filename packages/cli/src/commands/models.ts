/**
 * @module Model verbs: `add-model`, `models`, `switch` (juju-semantics.md §1.2). The current
 * model lives in `<stateDir>/cli.json`; `add-model` selects the new model unless `--no-switch`.
 */
import type { Command } from 'commander';
import { keyValues } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, usage } from '../errors.ts';
import { render } from '../format/output.ts';
import { table } from '../format/table.ts';
import { CONTROLLER_NAME, MODEL_OWNER, modelName, qualifiedModel } from '../model-ref.ts';
import { examples, formatOption } from './shared.ts';

interface AddModelOptions {
  readonly switch: boolean;
  readonly config: readonly string[];
  readonly controller?: string;
}

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

async function addModel(ctx: CliContext, name: string, options: AddModelOptions): Promise<void> {
  if (options.controller !== undefined && options.controller !== CONTROLLER_NAME)
    throw new CliError('not-found', `controller ${options.controller} not found`);
  if (name.includes('/') || name.includes(':'))
    throw usage(`model name "${name}" must not name a user or controller`);
  const short = modelName(name);
  const config = keyValues(options.config);
  await ctx.client.createModel(short);
  if (Object.keys(config).length > 0)
    await ctx.client.setModelConfig(short, { values: config, reset: [] });
  if (options.switch) ctx.setCurrentModel(short);
  ctx.info(`Added '${short}' model on localhost with credential 'admin' for user '${MODEL_OWNER}'`);
}

async function listModels(ctx: CliContext, format: string): Promise<void> {
  const models = await ctx.client.models();
  const current = ctx.currentModel();
  if (format === 'json' || format === 'yaml') {
    ctx.io.stdout(
      render(
        {
          models: models.map((m) => ({
            name: `${MODEL_OWNER}/${m.name}`,
            'short-name': m.name,
            'model-uuid': m.uuid,
            'model-type': 'caas',
            'controller-name': CONTROLLER_NAME,
            'is-controller': false,
            owner: MODEL_OWNER,
            cloud: 'localhost',
            life: 'alive',
            status: { current: 'available' },
          })),
          ...(current === undefined ? {} : { 'current-model': current }),
        },
        format,
      ),
    );
    return;
  }
  ctx.out(`Controller: ${CONTROLLER_NAME}\n`);
  ctx.out(
    table(
      [{ title: 'Model' }, { title: 'Cloud/Region' }, { title: 'Type' }, { title: 'Status' }],
      models.map((m) => [
        m.name === current ? `${m.name}*` : m.name,
        'localhost/localhost',
        'caas',
        'available',
      ]),
    ),
  );
}

async function switchModel(ctx: CliContext, ref: string): Promise<void> {
  const name = modelName(ref);
  const models = await ctx.client.models();
  if (!models.some((m) => m.name === name))
    throw new CliError('not-found', `model ${qualifiedModel(name)} not found`);
  const previous = ctx.currentModel();
  ctx.setCurrentModel(name);
  ctx.info(
    `${previous === undefined ? CONTROLLER_NAME : qualifiedModel(previous)} -> ${qualifiedModel(name)}`,
  );
}

/** Registers `add-model`, `models` and `switch`. */
export function registerModelCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('add-model')
      .description('Add a model and select it (unless --no-switch).')
      .argument('<name>', 'model name')
      .argument('[cloud]', 'ignored: the controller is local')
      .option('--no-switch', 'do not select the new model')
      .option('--config <key=value>', 'model config (repeatable)', collect, [])
      .option('--controller <name>', 'controller (always "charmkit")')
      .option('--credential <name>', 'ignored')
      .action((name: string, _cloud: string | undefined, options: AddModelOptions) =>
        addModel(ctx, name, options),
      ),
    [
      'charmkit add-model dev',
      'charmkit add-model --no-switch test --config update-status-hook-interval=10s',
    ],
  );
  examples(
    program
      .command('models')
      .description('List models; the current one is marked with *.')
      .addOption(formatOption(['tabular', 'json', 'yaml']))
      .action((options: { format: string }) => listModels(ctx, options.format)),
    ['charmkit models', 'charmkit models --format json'],
  );
  examples(
    program
      .command('switch')
      .description('Select the model later verbs act on.')
      .argument('<model>', 'model reference: name, admin/name, charmkit:name, charmkit:admin/name')
      .action((ref: string) => switchModel(ctx, ref)),
    ['charmkit switch dev', 'charmkit switch charmkit:admin/dev'],
  );
}
