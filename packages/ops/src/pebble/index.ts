/**
 * @module `@charmkit/ops/pebble`: the Pebble client and its data types.
 */
export type { PebbleClient, ServiceActionOptions } from './client.ts';
export type {
  ServiceStartup,
  ServiceStatus,
  ServiceInfo,
  CheckLevel,
  CheckStatus,
  CheckInfo,
  LayerSpec,
  OverrideMode,
  ServiceAction,
  ServiceSpec,
  CheckSpec,
  LogTargetSpec,
  Plan,
  ChangeStatus,
  TaskProgress,
  Task,
  Change,
  NoticeType,
  Notice,
  FileType,
  FileInfo,
  SystemInfo,
  Ownership,
  PushOptions,
  MakeDirOptions,
  ExecOptions,
  ExecResult,
  NoticesQuery,
  LogEntry,
} from './types.ts';
export { PebbleHttpClient } from './http-client.ts';
export type { PebbleHttpClientOptions } from './http-client.ts';
export {
  PebbleApiError,
  PebbleChangeError,
  PebbleConnectionError,
  PebbleExecError,
  PebblePathError,
  PebbleProtocolError,
  PebbleTimeoutError,
} from './errors.ts';
export { formatDuration, parseDuration } from './wire.ts';
