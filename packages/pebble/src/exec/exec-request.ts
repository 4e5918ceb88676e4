/**
 * @module Validates a `POST /v1/exec` body (pebble-api.md §6.1) in Pebble's order and computes
 * the command's environment, working directory and credentials. JSON nulls mean "unset".
 */
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../errors.ts';
import type { Service } from '../plan/types.ts';
import { parseDuration } from '../util/duration.ts';
import { lookupUserId, normalizeUidGid } from '../util/users.ts';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A validated exec request, ready to run. */
export interface ExecSpec {
  readonly command: string[];
  readonly environment: Record<string, string>;
  readonly workingDir: string;
  readonly timeoutMs: number;
  readonly splitStderr: boolean;
  readonly uid?: number;
  readonly gid?: number;
}

function opt<T>(
  body: Record<string, unknown>,
  key: string,
  type: 'string' | 'number' | 'boolean',
): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type)
    throw new ApiError(400, `cannot decode request body: "${key}" must be a ${type}`);
  return value as T;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false; // missing or not executable: keep looking
  }
}

function lookPath(file: string): string | undefined {
  if (file.includes('/')) return isExecutable(file) ? file : undefined;
  for (const dir of (process.env['PATH'] ?? DEFAULT_PATH).split(':')) {
    const candidate = join(dir || '.', file);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'cannot decode request body: "environment" must be an object');
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function parseTimeout(body: Record<string, unknown>): number {
  const text = opt<string>(body, 'timeout', 'string') ?? '';
  if (!text) return 0;
  try {
    return parseDuration(text);
  } catch (err) {
    throw new ApiError(400, `invalid timeout: ${(err as Error).message}`);
  }
}

interface Context {
  env: Record<string, string>;
  workingDir: string;
  userId: number | undefined;
  user: string | undefined;
  groupId: number | undefined;
  group: string | undefined;
}

/** Overlays the request on its service context (pebble-api.md §2.5). */
function mergeServiceContext(
  body: Record<string, unknown>,
  serviceConfig: (name: string) => Service | undefined,
): Context {
  const ctx: Context = {
    env: stringMap(body['environment']),
    workingDir: opt<string>(body, 'working-dir', 'string') ?? '',
    userId: opt<number>(body, 'user-id', 'number'),
    user: opt<string>(body, 'user', 'string'),
    groupId: opt<number>(body, 'group-id', 'number'),
    group: opt<string>(body, 'group', 'string'),
  };
  const name = opt<string>(body, 'service-context', 'string');
  if (!name) return ctx;
  const svc = serviceConfig(name);
  if (!svc) throw new ApiError(400, `context service ${JSON.stringify(name)} not found`);
  return {
    env: { ...svc.environment, ...ctx.env },
    workingDir: ctx.workingDir || (svc['working-dir'] ?? ''),
    userId: ctx.userId ?? svc['user-id'],
    user: ctx.user || svc.user,
    groupId: ctx.groupId ?? svc['group-id'],
    group: ctx.group || svc.group,
  };
}

function buildEnvironment(
  requested: Record<string, string>,
  uid: number | undefined,
  switching: boolean,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !(switching && (k === 'HOME' || k === 'USER'))) environment[k] = v;
  }
  Object.assign(environment, requested);
  environment['PATH'] ??= DEFAULT_PATH;
  const target = lookupUserId(uid ?? process.getuid?.() ?? 0);
  if (target) {
    environment['HOME'] ??= target.home;
    environment['USER'] ??= target.name;
  }
  environment['LANG'] ??= 'C.UTF-8';
  return environment;
}

function resolveWorkingDir(requested: string, environment: Record<string, string>): string {
  const what = requested ? 'working directory' : 'home directory';
  const dir = requested || environment['HOME'] || '/';
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false; // reported just below
  }
  if (!isDir)
    throw new ApiError(500, `cannot call exec: ${what} ${JSON.stringify(dir)} does not exist`);
  return dir;
}

/** Parses and validates an exec request; throws `ApiError` (400/500) with Pebble's texts. */
export function parseExecRequest(
  body: Record<string, unknown>,
  serviceConfig: (name: string) => Service | undefined,
): ExecSpec {
  const command = body['command'];
  if (!Array.isArray(command) || command.length === 0)
    throw new ApiError(400, 'must specify command');
  const args = command.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
  const timeoutMs = parseTimeout(body);
  if (!lookPath(args[0] ?? ''))
    throw new ApiError(400, `cannot find executable ${JSON.stringify(args[0])}`);
  const ctx = mergeServiceContext(body, serviceConfig);
  let ids: { uid?: number; gid?: number };
  try {
    ids = normalizeUidGid(ctx);
  } catch (err) {
    throw new ApiError(400, (err as Error).message);
  }
  if (opt<boolean>(body, 'interactive', 'boolean') && !opt<boolean>(body, 'terminal', 'boolean')) {
    throw new ApiError(500, 'cannot call exec: cannot use interactive mode without a terminal');
  }
  const switching = ids.uid !== undefined && ids.uid !== process.getuid?.();
  const environment = buildEnvironment(ctx.env, ids.uid, switching);
  return {
    command: args,
    environment,
    workingDir: resolveWorkingDir(ctx.workingDir, environment),
    timeoutMs,
    splitStderr: opt<boolean>(body, 'split-stderr', 'boolean') ?? false,
    ...(switching ? { uid: ids.uid, gid: ids.gid } : {}),
  };
}
