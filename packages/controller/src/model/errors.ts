/**
 * @module Errors the controller reports to clients, in Juju's words where Juju has them.
 * `code` is for programs; `message` is what a person reads.
 */
export type ControllerErrorCode =
  | 'not-found'
  | 'already-exists'
  | 'invalid'
  | 'relation-mismatch'
  | 'relation-limit'
  | 'permission-denied';

export class ControllerError extends Error {
  readonly code: ControllerErrorCode;
  constructor(code: ControllerErrorCode, message: string) {
    super(message);
    this.name = 'ControllerError';
    this.code = code;
  }
}
