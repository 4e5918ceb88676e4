/**
 * @module Layer and plan data types (pebble-api.md §2.1). Field names are the YAML wire
 * names so that parsing, merging and rendering share one vocabulary; durations are ms.
 */

export type Override = 'merge' | 'replace';

export interface Service {
  summary?: string;
  description?: string;
  startup?: string;
  override?: string;
  command?: string;
  after?: string[];
  before?: string[];
  requires?: string[];
  workload?: string;
  environment?: Record<string, string>;
  'user-id'?: number;
  user?: string;
  'group-id'?: number;
  group?: string;
  'working-dir'?: string;
  'on-success'?: string;
  'on-failure'?: string;
  'on-check-failure'?: Record<string, string>;
  'backoff-delay'?: number;
  'backoff-factor'?: number;
  'backoff-limit'?: number;
  'kill-delay'?: number;
}

export interface HttpCheck {
  url?: string;
  headers?: Record<string, string>;
}

export interface TcpCheck {
  port?: number;
  host?: string;
}

export interface ExecCheck {
  command?: string;
  'service-context'?: string;
  environment?: Record<string, string>;
  'user-id'?: number;
  user?: string;
  'group-id'?: number;
  group?: string;
  'working-dir'?: string;
}

export interface Check {
  override?: string;
  level?: string;
  startup?: string;
  period?: number;
  timeout?: number;
  threshold?: number;
  http?: HttpCheck;
  tcp?: TcpCheck;
  exec?: ExecCheck;
}

export interface LogTarget {
  type?: string;
  location?: string;
  services?: string[];
  override?: string;
  labels?: Record<string, string>;
}

export interface Layer {
  order: number;
  label: string;
  summary?: string;
  description?: string;
  services: Record<string, Service>;
  checks: Record<string, Check>;
  'log-targets': Record<string, LogTarget>;
}

/** The combined plan (no summary/description at plan level). */
export interface Plan {
  services: Record<string, Service>;
  checks: Record<string, Check>;
  'log-targets': Record<string, LogTarget>;
}

export const DEFAULT_BACKOFF_DELAY_MS = 500;
export const DEFAULT_BACKOFF_FACTOR = 2;
export const DEFAULT_BACKOFF_LIMIT_MS = 30_000;
export const DEFAULT_KILL_DELAY_MS = 5_000;
export const DEFAULT_CHECK_PERIOD_MS = 10_000;
export const DEFAULT_CHECK_TIMEOUT_MS = 3_000;
export const DEFAULT_CHECK_THRESHOLD = 3;
