/**
 * @module `charmkit init --profile expressjs [dir]`: writes a 12-factor charm for the app in
 * `dir` (default: here) into `dir/charm`, as `charmcraft init --profile` does for paas-charm.
 * The generator is `@charmkit/paas/init`, loaded only for this verb.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { examples } from './shared.ts';

interface InitOptions {
  readonly profile: string;
  readonly force?: boolean;
}

async function init(ctx: CliContext, dir: string, options: InitOptions): Promise<void> {
  const appDir = resolve(dir);
  const { initCharm } = await import('@charmkit/paas/init');
  let written: readonly string[];
  try {
    written = initCharm(appDir, {
      profile: options.profile,
      ...(options.force ? { force: true } : {}),
    });
  } catch (cause) {
    throw new CliError('invalid', (cause as Error).message, { cause });
  }
  for (const file of written) ctx.info(`wrote ${relative(process.cwd(), file) || file}`);
  const charm = relative(process.cwd(), resolve(appDir, 'charm')) || '.';
  ctx.info(
    `Charm ready: deploy it with \`charmkit deploy ${charm} --resource app-image=${relative(process.cwd(), appDir) || '.'}\``,
  );
}

/** Registers `init`. */
export function registerInitCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('init')
      .description("Write a 12-factor charm for the app in a directory (into its 'charm' folder).")
      .argument('[directory]', 'the app directory (with package.json)', '.')
      .requiredOption('--profile <profile>', 'the framework profile: expressjs')
      .option('--force', 'overwrite files the charm already has')
      .action((dir: string, options: InitOptions) => init(ctx, dir, options)),
    ['charmkit init --profile expressjs', 'charmkit init ./my-app --profile expressjs --force'],
  );
}
