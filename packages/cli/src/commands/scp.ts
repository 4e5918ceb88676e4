/**
 * @module `scp <source> <destination>`: copies a file to or from a unit, one side written
 * `<unit>:<path>`. Units run on this machine, so a unit path is a host path — relative ones
 * from the unit's charm directory — or, with `--container`, a path in that container, moved
 * through its Pebble (push/pull). ssh(1)/scp(1) options after `--` mean nothing here.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliError, usage } from '../errors.ts';
import { examples, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface ScpOptions extends ModelOptions {
  readonly container?: string;
}

const REMOTE = /^(?:[^@/:]+@)?([a-z][a-z0-9-]*\/\d+):(.*)$/;

async function scp(ctx: CliContext, args: readonly string[], options: ScpOptions): Promise<void> {
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length !== 2)
    throw usage('give exactly a source and a destination, one of them <unit>:<path>');
  const [source, destination] = paths as [string, string];
  const from = REMOTE.exec(source);
  const to = REMOTE.exec(destination);
  if ((from === null) === (to === null))
    throw usage('exactly one of source and destination must be <unit>:<path>');
  const [, unit, remotePath] = (from ?? to)!;
  const model = ctx.model(options.model);
  const unitPaths = await ctx.client.unitPaths(model, unit!);
  if (options.container === undefined) {
    const hostPath = isAbsolute(remotePath!) ? remotePath! : join(unitPaths.charmDir, remotePath!);
    if (from) copyFileSync(hostPath, destination);
    else copyFileSync(source, hostPath);
    return;
  }
  const socketPath = unitPaths.containers[options.container];
  if (socketPath === undefined)
    throw new CliError('not-found', `container "${options.container}" not found in unit ${unit}`);
  const { PebbleHttpClient } = await import('@charmkit/ops/pebble');
  const pebble = new PebbleHttpClient({ socketPath });
  if (from) writeFileSync(destination, await pebble.pull(remotePath!));
  else await pebble.push(remotePath!, readFileSync(source), { makeDirs: true });
}

/** Registers `scp`. */
export function registerScpCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('scp')
      .description('Copy a file to or from a unit (or, with --container, one of its containers).')
      .addOption(modelOption())
      .argument('<paths...>', 'source and destination; one is <unit>:<path>')
      .option('--container <name>', 'the path is in this container (through its Pebble)')
      .option('--no-host-key-checks', 'ignored')
      .action((paths: string[], options: ScpOptions) => scp(ctx, paths, options)),
    [
      'charmkit scp ./config.yaml web/0:/tmp/config.yaml',
      'charmkit scp --container app web/0:/etc/hosts ./hosts',
    ],
  );
}
