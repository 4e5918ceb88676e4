/**
 * @module The Pebble client contract: every call an ops charm makes (pebble-api.md §1).
 * Implemented over HTTP on a unix socket ({@link PebbleHttpClient}) and in memory by
 * `@charmkit/testing`. Service actions wait for their change and throw on failure.
 */
import type {
  Change,
  CheckInfo,
  CheckLevel,
  ExecOptions,
  ExecResult,
  FileInfo,
  LayerSpec,
  LogEntry,
  MakeDirOptions,
  Notice,
  NoticesQuery,
  Plan,
  PushOptions,
  ServiceInfo,
  SystemInfo,
} from './types.ts';

export interface ServiceActionOptions {
  /** How long to wait for the change; default 30 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface PebbleClient {
  /** `GET /v1/system-info`. */
  getSystemInfo(): Promise<SystemInfo>;

  /** `GET /v1/plan?format=yaml`, parsed. */
  getPlan(): Promise<Plan>;
  /** `POST /v1/layers` (`combine` merges into an existing layer with the same label). */
  addLayer(
    label: string,
    layer: LayerSpec | string,
    options?: { readonly combine?: boolean },
  ): Promise<void>;

  getServices(names?: readonly string[]): Promise<ServiceInfo[]>;
  startServices(names: readonly string[], options?: ServiceActionOptions): Promise<Change>;
  stopServices(names: readonly string[], options?: ServiceActionOptions): Promise<Change>;
  restartServices(names: readonly string[], options?: ServiceActionOptions): Promise<Change>;
  autostartServices(options?: ServiceActionOptions): Promise<Change>;
  replanServices(options?: ServiceActionOptions): Promise<Change>;
  sendSignal(signal: string, services: readonly string[]): Promise<void>;

  getChecks(filter?: {
    readonly level?: CheckLevel;
    readonly names?: readonly string[];
  }): Promise<CheckInfo[]>;
  /** Returns the names whose state changed. */
  startChecks(names: readonly string[]): Promise<string[]>;
  stopChecks(names: readonly string[]): Promise<string[]>;
  /** `GET /v1/health`. */
  health(filter?: {
    readonly level?: CheckLevel;
    readonly names?: readonly string[];
  }): Promise<boolean>;

  getChanges(filter?: {
    readonly select?: 'in-progress' | 'ready' | 'all';
    readonly service?: string;
  }): Promise<Change[]>;
  getChange(id: string): Promise<Change>;
  waitChange(id: string, options?: ServiceActionOptions): Promise<Change>;
  abortChange(id: string): Promise<Change>;

  push(path: string, content: string | Uint8Array, options?: PushOptions): Promise<void>;
  pull(path: string): Promise<Uint8Array>;
  listFiles(
    path: string,
    options?: { readonly pattern?: string; readonly itself?: boolean },
  ): Promise<FileInfo[]>;
  makeDir(path: string, options?: MakeDirOptions): Promise<void>;
  removePath(path: string, options?: { readonly recursive?: boolean }): Promise<void>;

  /** Runs a command to completion; a non-zero exit is a result, not an error. */
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult>;

  notify(
    key: string,
    options?: { readonly data?: Readonly<Record<string, string>>; readonly repeatAfterMs?: number },
  ): Promise<string>;
  getNotice(id: string): Promise<Notice>;
  getNotices(query?: NoticesQuery): Promise<Notice[]>;

  /** `GET /v1/logs` (not following). */
  getLogs(options?: {
    readonly services?: readonly string[];
    readonly n?: number;
  }): Promise<LogEntry[]>;
}
