/**
 * @module The charm's logger: every line goes to `juju-log` (and so to `juju debug-log`);
 * with JUJU_DEBUG set, also to stderr (ops-protocol.md §1.1 step 2).
 */
import type { Backend, LogLevel } from './backend/backend.ts';

/** Logs at Juju's levels. Never log secret content: it would land in debug-log. */
export class JujuLogger {
  readonly #backend: Backend;
  readonly #stderr: boolean;

  constructor(backend: Backend, options?: { readonly stderr?: boolean }) {
    this.#backend = backend;
    this.#stderr = options?.stderr ?? false;
  }

  trace(message: string): void {
    this.log('TRACE', message);
  }
  debug(message: string): void {
    this.log('DEBUG', message);
  }
  info(message: string): void {
    this.log('INFO', message);
  }
  warning(message: string): void {
    this.log('WARNING', message);
  }
  error(message: string): void {
    this.log('ERROR', message);
  }
  critical(message: string): void {
    this.log('CRITICAL', message);
  }

  /** Same as `juju-log --log-level <level> -- <message>`. */
  log(level: LogLevel, message: string): void {
    this.#backend.jujuLog(level, message);
    if (this.#stderr) process.stderr.write(`${level} ${message}\n`);
  }
}
