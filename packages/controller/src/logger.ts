/**
 * @module The controller's own log (not the models' debug-log, which lives in the store):
 * structured JSON lines from pino, one per event — start and stop, hooks run, API requests,
 * anything that went wrong inside the controller. Request bodies, databags and secret
 * content are never logged. The daemon writes it to stderr (`<state>/controller.log` when
 * started by `charmkit bootstrap`); the level comes from `CHARMKIT_LOG_LEVEL` (default info).
 */
import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The daemon's logger, writing JSON lines to stderr. */
export function controllerLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const wanted = env.CHARMKIT_LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(wanted))
    throw new Error(`CHARMKIT_LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${wanted}"`);
  return pino({ name: 'charmkit-controller', level: wanted }, pino.destination(2));
}

/** For controllers embedded in tests and tools: logs nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
