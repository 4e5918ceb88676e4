/**
 * @module Typed errors raised inside the daemon; the router turns an `ApiError` into
 * Pebble's error envelope (pebble-api.md §0.2). Messages are Pebble's texts, verbatim.
 */
import type { ErrorKind } from './api/envelope.ts';

/** An error the API reports as-is with an HTTP status and optional Pebble error kind. */
export class ApiError extends Error {
  readonly status: number;
  readonly kind: ErrorKind | undefined;

  constructor(status: number, message: string, kind?: ErrorKind) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.kind = kind;
  }
}

/** Pebble's `plan.FormatError`: an invalid layer or plan, reported as 400. */
export class FormatError extends ApiError {
  constructor(message: string) {
    super(400, message);
    this.name = 'FormatError';
  }
}

/** Returns the message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
