/**
 * @module `charmkit-controller [--state-dir DIR] [--charm-user NAME]`: runs the controller in
 * the foreground
 * until SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { ControllerDaemon, defaultStateDir } from './daemon.ts';

export async function main(argv: readonly string[]): Promise<number> {
  let daemon: ControllerDaemon;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { 'state-dir': { type: 'string' }, 'charm-user': { type: 'string' } },
    });
    const stateDir = values['state-dir'] ?? defaultStateDir();
    const charmUser = values['charm-user'];
    daemon = await ControllerDaemon.start({ stateDir, ...(charmUser ? { charmUser } : {}) });
  } catch (error) {
    process.stderr.write(`ERROR ${(error as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await daemon.stop();
  return 0;
}
