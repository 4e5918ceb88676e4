/**
 * @module The `charmkit-pebble` command line (pebble-api.md §0.1, §9.1): `run [--hold]
 * [--http ADDR]` honouring `PEBBLE` and `PEBBLE_SOCKET`, and `host DIR...` for many containers.
 * Environment variables are read here only.
 */
import { basename, join } from 'node:path';
import { Command } from 'commander';
import type { PebbleDaemon } from './daemon.ts';
import { PebbleDaemon as Daemon } from './daemon.ts';
import { PebbleHost } from './host.ts';

const DEFAULT_PEBBLE = '/var/lib/pebble/default';

function onSignals(stop: () => Promise<void>): void {
  const handler = (): void => {
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Cannot stop daemon: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

interface RunOptions {
  readonly hold?: boolean;
  readonly http?: string;
  readonly createDirs?: boolean;
  readonly verbose?: boolean;
}

/** Copies service output to stdout like `pebble run --verbose`: `<time> [svc] line`. */
function echoServiceLogs(daemon: PebbleDaemon): void {
  daemon.context.services.logs.subscribe((entry) => {
    const time = new Date(Number(entry.time / 1_000_000n)).toISOString();
    process.stdout.write(`${time} [${entry.service}] ${entry.message}\n`);
  });
}

async function run(options: RunOptions): Promise<void> {
  const stateDir = process.env['PEBBLE'] || DEFAULT_PEBBLE;
  const socketPath = process.env['PEBBLE_SOCKET'] || join(stateDir, '.pebble.socket');
  const daemon: PebbleDaemon = await Daemon.start({
    stateDir,
    socketPath,
    persist: process.env['PEBBLE_PERSIST'] !== 'never',
    ...(options.hold ? { hold: true } : {}),
    ...(options.http !== undefined ? { httpAddress: options.http } : {}),
  });
  process.stderr.write(`Started daemon.\n`);
  if (options.verbose || process.env['PEBBLE_VERBOSE'] === '1') echoServiceLogs(daemon);
  onSignals(() => daemon.stop());
  process.exit(await daemon.exited);
}

async function host(dirs: string[], options: RunOptions): Promise<void> {
  const pebbleHost = new PebbleHost();
  for (const dir of dirs) {
    await pebbleHost.add(basename(dir), { stateDir: dir, ...(options.hold ? { hold: true } : {}) });
  }
  process.stderr.write(`Started ${dirs.length} daemon(s).\n`);
  onSignals(() => pebbleHost.stopAll());
}

const program = new Command('charmkit-pebble').description('A Pebble-compatible workload daemon');
program
  .command('run')
  .description('Run the daemon on $PEBBLE_SOCKET (default $PEBBLE/.pebble.socket)')
  .option('--hold', 'do not start default services automatically')
  .option('--http <address>', 'also serve open endpoints over plain HTTP, e.g. :4000')
  .option('--create-dirs', 'create $PEBBLE if missing (always done)')
  .option('-v, --verbose', 'copy service output to stdout')
  .action((options: RunOptions) => run(options));
program
  .command('host')
  .description('Serve one daemon per state directory (socket <dir>/.pebble.socket)')
  .argument('<dirs...>')
  .option('--hold', 'do not start default services automatically')
  .action((dirs: string[], options: RunOptions) => host(dirs, options));

await program.parseAsync(process.argv);
