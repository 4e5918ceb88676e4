/**
 * @module Pebble API data as TypeScript sees it (pebble-api.md §1–§8): camelCase fields,
 * `Date`s and milliseconds. The HTTP client converts from the wire's kebab-case JSON once.
 */

export type ServiceStartup = 'enabled' | 'disabled';
/** `GET /v1/services` `current`: `backoff` is a real Pebble status ops keeps as a string. */
export type ServiceStatus = 'active' | 'inactive' | 'backoff' | 'error';

export interface ServiceInfo {
  readonly name: string;
  readonly startup: ServiceStartup;
  readonly current: ServiceStatus;
  readonly currentSince?: Date;
}

export type CheckLevel = 'alive' | 'ready';
export type CheckStatus = 'up' | 'down' | 'inactive';

export interface CheckInfo {
  readonly name: string;
  readonly level?: CheckLevel;
  readonly startup: ServiceStartup;
  readonly status: CheckStatus;
  readonly successes: number;
  readonly failures: number;
  readonly threshold: number;
  readonly changeId?: string;
  readonly prevChangeId?: string;
}

/** A layer in its YAML shape (kebab-case keys, as Pebble and charm authors write it). */
export interface LayerSpec {
  readonly summary?: string;
  readonly description?: string;
  readonly services?: Readonly<Record<string, ServiceSpec>>;
  readonly checks?: Readonly<Record<string, CheckSpec>>;
  readonly 'log-targets'?: Readonly<Record<string, LogTargetSpec>>;
}

export type OverrideMode = 'merge' | 'replace';
export type ServiceAction =
  'restart' | 'shutdown' | 'failure-shutdown' | 'success-shutdown' | 'ignore';

export interface ServiceSpec {
  readonly override: OverrideMode;
  readonly command?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly startup?: ServiceStartup;
  readonly after?: readonly string[];
  readonly before?: readonly string[];
  readonly requires?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly 'user-id'?: number;
  readonly group?: string;
  readonly 'group-id'?: number;
  readonly 'working-dir'?: string;
  readonly 'on-success'?: ServiceAction;
  readonly 'on-failure'?: ServiceAction;
  readonly 'on-check-failure'?: Readonly<Record<string, ServiceAction>>;
  readonly 'backoff-delay'?: string;
  readonly 'backoff-factor'?: number;
  readonly 'backoff-limit'?: string;
  readonly 'kill-delay'?: string;
}

export interface CheckSpec {
  readonly override: OverrideMode;
  readonly level?: CheckLevel;
  readonly startup?: ServiceStartup;
  readonly period?: string;
  readonly timeout?: string;
  readonly threshold?: number;
  readonly http?: { readonly url: string; readonly headers?: Readonly<Record<string, string>> };
  readonly tcp?: { readonly port: number; readonly host?: string };
  readonly exec?: {
    readonly command: string;
    readonly 'service-context'?: string;
    readonly environment?: Readonly<Record<string, string>>;
    readonly user?: string;
    readonly 'user-id'?: number;
    readonly group?: string;
    readonly 'group-id'?: number;
    readonly 'working-dir'?: string;
  };
}

export interface LogTargetSpec {
  readonly override: OverrideMode;
  readonly type?: 'loki' | 'opentelemetry' | 'syslog';
  readonly location?: string;
  readonly services?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** The combined plan (`GET /v1/plan`): the same sections as a layer. */
export interface Plan {
  readonly services: Readonly<Record<string, ServiceSpec>>;
  readonly checks: Readonly<Record<string, CheckSpec>>;
  readonly 'log-targets': Readonly<Record<string, LogTargetSpec>>;
}

export type ChangeStatus =
  | 'Default'
  | 'Hold'
  | 'Do'
  | 'Doing'
  | 'Done'
  | 'Abort'
  | 'Undo'
  | 'Undoing'
  | 'Undone'
  | 'Error'
  | 'Wait';

export interface TaskProgress {
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

export interface Task {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  readonly status: ChangeStatus;
  readonly log: readonly string[];
  readonly progress: TaskProgress;
  readonly spawnTime: Date;
  readonly readyTime?: Date;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Change {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  readonly status: ChangeStatus;
  readonly tasks: readonly Task[];
  readonly ready: boolean;
  readonly err?: string;
  readonly spawnTime: Date;
  readonly readyTime?: Date;
  readonly data: Readonly<Record<string, unknown>>;
}

export type NoticeType = 'custom' | 'change-update' | 'warning' | (string & {});

export interface Notice {
  readonly id: string;
  /** null for public notices. */
  readonly userId: number | null;
  readonly type: NoticeType;
  readonly key: string;
  readonly firstOccurred: Date;
  readonly lastOccurred: Date;
  readonly lastRepeated: Date;
  /** `last-repeated` exactly as Pebble sent it (ns precision): pass it as `after` to page on. */
  readonly cursor: string;
  readonly occurrences: number;
  readonly lastData: Readonly<Record<string, string>>;
  readonly repeatAfterMs?: number;
  readonly expireAfterMs?: number;
}

export type FileType =
  'file' | 'directory' | 'symlink' | 'socket' | 'named-pipe' | 'device' | 'unknown';

export interface FileInfo {
  readonly path: string;
  readonly name: string;
  readonly type: FileType;
  readonly size?: number;
  /** Permission bits, e.g. 0o644. */
  readonly permissions: number;
  readonly lastModified: Date;
  readonly userId: number | null;
  readonly user: string;
  readonly groupId: number | null;
  readonly group: string;
}

export interface SystemInfo {
  readonly version: string;
  readonly bootId?: string;
  readonly httpAddress?: string;
}

/** Who owns a pushed file or made directory (pebble-api.md §5.4). */
export interface Ownership {
  readonly userId?: number;
  readonly user?: string;
  readonly groupId?: number;
  readonly group?: string;
}

export interface PushOptions extends Ownership {
  readonly makeDirs?: boolean;
  /** Permission bits, default 0o644. */
  readonly permissions?: number;
}

export interface MakeDirOptions extends Ownership {
  readonly makeParents?: boolean;
  /** Permission bits, default 0o755. */
  readonly permissions?: number;
}

export interface ExecOptions extends Ownership {
  readonly serviceContext?: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly timeoutMs?: number;
  /** Bytes or text written to the process's stdin, then closed. */
  readonly stdin?: string | Uint8Array;
  /** Send stderr into stdout (Pebble's combined mode). Default false: stderr separate. */
  readonly combineStderr?: boolean;
  readonly signal?: AbortSignal;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Filters for `GET /v1/notices`. */
export interface NoticesQuery {
  readonly types?: readonly NoticeType[];
  readonly keys?: readonly string[];
  /** Only notices repeated after this; a notice's `cursor` keeps Pebble's full precision. */
  readonly after?: Date | string;
  readonly userId?: number;
  readonly allUsers?: boolean;
  /** Long-poll for this long when nothing matches yet. */
  readonly timeoutMs?: number;
}

export interface LogEntry {
  readonly time: Date;
  readonly service: string;
  readonly message: string;
}
