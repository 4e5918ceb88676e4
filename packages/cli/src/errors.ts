/**
 * @module The CLI's one error type: every failure becomes one `ERROR …` line on stderr and a
 * non-zero exit (2 for usage mistakes, as juju does, 1 for everything else).
 */

export type CliErrorCode =
  | 'usage'
  | 'not-running'
  | 'not-found'
  | 'already-exists'
  | 'invalid'
  | 'task-failed'
  | 'timeout'
  | 'api';

/** A failure the CLI reports as `ERROR <message>`; `code` says which kind, for callers to branch on. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = code === 'usage' ? 2 : 1;
  }
}

/** Shorthand for a usage mistake (bad argument, malformed `key=value`, missing file). */
export function usage(message: string): CliError {
  return new CliError('usage', message);
}

/** Ends the CLI with `code` and no message: the command's own output already said it all. */
export class ExitStatus extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`exit status ${exitCode}`);
    this.name = 'ExitStatus';
    this.exitCode = exitCode;
  }
}
