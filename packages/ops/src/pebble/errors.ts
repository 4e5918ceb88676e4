/**
 * @module Errors of the Pebble client, mirroring what ops raises (`APIError`, `ChangeError`,
 * `ExecError`, `PathError`, `ConnectionError`, `TimeoutError`) with typed `code`s.
 */
import { OpsError } from '../errors.ts';
import type { Change } from './types.ts';

/** Pebble answered with an error envelope. `status` is the HTTP reason phrase (`Not Found`). */
export class PebbleApiError extends OpsError {
  readonly statusCode: number;
  readonly status: string;
  readonly kind: string | undefined;
  readonly body: unknown;
  constructor(
    message: string,
    details: { statusCode: number; status: string; kind?: string; body?: unknown },
  ) {
    super('pebble-api', message);
    this.statusCode = details.statusCode;
    this.status = details.status;
    this.kind = details.kind;
    this.body = details.body;
  }
}

/** The socket is missing or nobody answers: the container's Pebble is not (yet) up. */
export class PebbleConnectionError extends OpsError {
  readonly socketPath: string;
  constructor(socketPath: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('pebble-connection', `cannot connect to Pebble at ${socketPath}: ${reason}`, { cause });
    this.socketPath = socketPath;
  }
}

/** A change finished with an error (`change.err`). */
export class PebbleChangeError extends OpsError {
  readonly change: Change;
  constructor(change: Change) {
    super('pebble-change', change.err ?? `change ${change.id} failed`);
    this.change = change;
  }
}

/** A command run with `Container.run` exited non-zero. */
export class PebbleExecError extends OpsError {
  readonly command: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  constructor(
    command: readonly string[],
    result: { exitCode: number; stdout: string; stderr: string },
  ) {
    const tail = result.stderr.trim().split('\n').slice(-3).join('\n');
    super(
      'pebble-exec',
      `command ${JSON.stringify(command)} exited with status ${result.exitCode}${tail ? `: ${tail}` : ''}`,
    );
    this.command = command;
    this.exitCode = result.exitCode;
    this.stdout = result.stdout;
    this.stderr = result.stderr;
  }
}

/** One file operation failed; `kind` is Pebble's (`not-found`, `permission-denied`, …). */
export class PebblePathError extends OpsError {
  readonly kind: string;
  readonly path: string;
  constructor(path: string, error: { kind?: string; message: string }) {
    super('pebble-path', error.message);
    this.kind = error.kind ?? 'generic-file-error';
    this.path = path;
  }
}

/** Waiting for a change or a command took longer than allowed. */
export class PebbleTimeoutError extends OpsError {
  constructor(message: string) {
    super('pebble-timeout', message);
  }
}

/** Pebble sent something this client cannot understand. */
export class PebbleProtocolError extends OpsError {
  constructor(message: string) {
    super('pebble-protocol', message);
  }
}
