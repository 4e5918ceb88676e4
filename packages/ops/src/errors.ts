/**
 * @module Typed errors of the SDK. Callers branch on `code`, never on message text
 * (STYLE.md §12). Names follow ops (`ModelError`, `RelationNotFoundError`, …).
 */

/** Every `code` an SDK error can carry. */
export type OpsErrorCode =
  | 'model-error'
  | 'relation-not-found'
  | 'relation-data-access'
  | 'relation-data-type'
  | 'secret-not-found'
  | 'invalid-status'
  | 'invalid-config'
  | 'invalid-relation-data'
  | 'invalid-action-params'
  | 'too-many-related-apps'
  | 'metadata'
  | 'hook-tool'
  | 'juju-context'
  | 'defer-not-allowed'
  | 'pebble-api'
  | 'pebble-connection'
  | 'pebble-change'
  | 'pebble-exec'
  | 'pebble-protocol'
  | 'pebble-timeout'
  | 'pebble-path';

/** Base class: a stable `code`, a one-line `shortMessage`, and the `cause` when there is one. */
export class OpsError extends Error {
  readonly code: OpsErrorCode;
  constructor(code: OpsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
  /** The first line of the message, for CLIs and status messages. */
  get shortMessage(): string {
    return this.message.split('\n', 1)[0] ?? '';
  }
}

/** A Juju operation failed (`ModelError` in ops). `stderr` holds the tool's raw output. */
export class ModelError extends OpsError {
  readonly stderr: string;
  constructor(
    message: string,
    options?: { cause?: unknown; code?: OpsErrorCode; stderr?: string },
  ) {
    super(options?.code ?? 'model-error', message, options);
    this.stderr = options?.stderr ?? '';
  }
}

/** The relation does not exist or is no longer alive (Juju's `relation not found`). */
export class RelationNotFoundError extends ModelError {
  readonly relationId: number | undefined;
  constructor(
    message = 'relation not found',
    options?: { relationId?: number; cause?: unknown; stderr?: string },
  ) {
    super(message, { ...options, code: 'relation-not-found' });
    this.relationId = options?.relationId;
  }
}

/** A databag was read or written against Juju's access rules (juju-semantics.md §3). */
export class RelationDataAccessError extends ModelError {
  readonly relationId: number;
  readonly unitName: string;
  constructor(message: string, options: { relationId: number; unitName: string; cause?: unknown }) {
    super(message, { ...options, code: 'relation-data-access' });
    this.relationId = options.relationId;
    this.unitName = options.unitName;
  }
}

/** A databag key or value was not a string. */
export class RelationDataTypeError extends ModelError {
  constructor(message: string) {
    super(message, { code: 'relation-data-type' });
  }
}

/** The secret does not exist or this unit may not see it. */
export class SecretNotFoundError extends ModelError {
  readonly secretId: string | undefined;
  constructor(
    message = 'secret not found',
    options?: { secretId?: string; cause?: unknown; stderr?: string },
  ) {
    super(message, { ...options, code: 'secret-not-found' });
    this.secretId = options?.secretId;
  }
}

/** More than one application is related on an endpoint that was asked for as a single relation. */
export class TooManyRelatedAppsError extends ModelError {
  readonly endpoint: string;
  readonly count: number;
  readonly max: number;
  constructor(endpoint: string, count: number, max: number) {
    super(`too many remote applications on ${endpoint} (${count} > ${max})`, {
      code: 'too-many-related-apps',
    });
    this.endpoint = endpoint;
    this.count = count;
    this.max = max;
  }
}

/** A status that cannot be set or collected (only active, blocked, maintenance, waiting can). */
export class InvalidStatusError extends OpsError {
  constructor(message: string) {
    super('invalid-status', message);
  }
}

/** One problem found while validating data at a boundary. */
export interface ValidationIssue {
  /** Dotted path of the offending field; empty for the whole object. */
  readonly path: string;
  readonly message: string;
}

/** Shared shape of config, databag and action-params validation failures. */
export abstract class ValidationError extends OpsError {
  readonly issues: readonly ValidationIssue[];
  constructor(
    code: OpsErrorCode,
    message: string,
    issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.issues = issues;
  }
}

/** The charm's config failed validation; the framework turns it into a `blocked` status. */
export class InvalidConfigError extends ValidationError {
  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    super('invalid-config', `invalid config: ${formatIssues(issues)}`, issues, options);
  }
}

/** A relation databag failed validation; the framework turns it into a `blocked` status. */
export class InvalidRelationDataError extends ValidationError {
  readonly relationId: number;
  readonly endpoint: string;
  readonly owner: string;
  constructor(
    where: { relationId: number; endpoint: string; owner: string },
    issues: readonly ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      'invalid-relation-data',
      `invalid data from ${where.owner} on ${where.endpoint}:${where.relationId}: ${formatIssues(issues)}`,
      issues,
      options,
    );
    this.relationId = where.relationId;
    this.endpoint = where.endpoint;
    this.owner = where.owner;
  }
}

/** Action parameters failed validation; the framework fails the action with this message. */
export class InvalidActionParamsError extends ValidationError {
  readonly action: string;
  /** The same problems as Juju words them (`(root) : "x" property is missing and required, given {}`). */
  readonly jujuErrors: readonly string[];
  constructor(
    action: string,
    issues: readonly ValidationIssue[],
    options?: { cause?: unknown; jujuErrors?: readonly string[] },
  ) {
    super(
      'invalid-action-params',
      `invalid parameters for action ${action}: ${formatIssues(issues)}`,
      issues,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.action = action;
    this.jujuErrors = options?.jujuErrors ?? [];
  }
}

/** The JUJU_* environment does not describe a hook or action this SDK can run. */
export class JujuContextError extends OpsError {
  constructor(message: string) {
    super('juju-context', message);
  }
}

/** `defer()` was called on an event Juju does not let a charm defer. */
export class DeferNotAllowedError extends OpsError {
  constructor(kind: string) {
    super(
      'defer-not-allowed',
      `cannot defer ${kind} events: Juju will not re-run them (handle them now)`,
    );
  }
}

/** Joins validation issues into one line: `port: must be ≤ 65535; greeting: required`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
