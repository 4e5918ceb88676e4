/**
 * @module `charmkit-controller [--state-dir DIR]`: runs the controller in the foreground
 * until SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { ControllerDaemon, defaultStateDir } from './daemon.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { 'state-dir': { type: 'string' } } });
  const stateDir = values['state-dir'] ?? defaultStateDir();
  let daemon: ControllerDaemon;
  try {
    daemon = await ControllerDaemon.start({ stateDir });
  } catch (error) {
    process.stderr.write(`ERROR ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`controller running: ${daemon.socketPath}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await daemon.stop();
  return 0;
}
