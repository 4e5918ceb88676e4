/**
 * @module Conversions between Pebble's kebab-case wire JSON and the SDK's camelCase types,
 * plus Go durations (`"4.000s"` out, `"1h0m0s"` in) and octal permission strings.
 */
import type {
  Change,
  ChangeStatus,
  CheckInfo,
  FileInfo,
  FileType,
  Notice,
  Ownership,
  ServiceInfo,
  Task,
} from './types.ts';
import { parseGoDuration } from '../go-duration.ts';
import { optStr, str } from '../json-fields.ts';

type Wire = Record<string, unknown>;

const optDate = (v: unknown): Date | undefined => (typeof v === 'string' ? new Date(v) : undefined);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Milliseconds as the duration ops sends: `4000` → `"4.000s"`. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** Go `time.ParseDuration` → milliseconds (`1h0m0s`, `500ms`, `1.5s`). */
export const parseDuration = parseGoDuration;

export function permissionsText(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

/** Ownership fields in Pebble's request shape. */
export function ownershipWire(o: Ownership): Wire {
  const wire: Wire = {};
  if (o.userId !== undefined) wire['user-id'] = o.userId;
  if (o.user !== undefined) wire.user = o.user;
  if (o.groupId !== undefined) wire['group-id'] = o.groupId;
  if (o.group !== undefined) wire.group = o.group;
  return wire;
}

export function serviceFromWire(w: Wire): ServiceInfo {
  const since = optDate(w['current-since']);
  return {
    name: str(w.name),
    startup: w.startup === 'enabled' ? 'enabled' : 'disabled',
    current: str(w.current) as ServiceInfo['current'],
    ...(since ? { currentSince: since } : {}),
  };
}

export function checkFromWire(w: Wire): CheckInfo {
  return {
    name: str(w.name),
    ...(w.level === 'alive' || w.level === 'ready' ? { level: w.level } : {}),
    startup: w.startup === 'disabled' ? 'disabled' : 'enabled',
    status: str(w.status) as CheckInfo['status'],
    successes: typeof w.successes === 'number' ? w.successes : 0,
    failures: typeof w.failures === 'number' ? w.failures : 0,
    threshold: typeof w.threshold === 'number' ? w.threshold : 0,
    ...(typeof w['change-id'] === 'string' ? { changeId: w['change-id'] } : {}),
    ...(typeof w['prev-change-id'] === 'string' ? { prevChangeId: w['prev-change-id'] } : {}),
  };
}

function taskFromWire(w: Wire): Task {
  const progress = (w.progress ?? {}) as Wire;
  const readyTime = optDate(w['ready-time']);
  return {
    id: str(w.id),
    kind: str(w.kind),
    summary: str(w.summary),
    status: str(w.status) as ChangeStatus,
    log: Array.isArray(w.log) ? (w.log as string[]) : [],
    progress: {
      label: str(progress.label),
      done: Number(progress.done ?? 0),
      total: Number(progress.total ?? 0),
    },
    spawnTime: new Date(str(w['spawn-time'])),
    ...(readyTime ? { readyTime } : {}),
    data: (w.data ?? {}) as Wire,
  };
}

export function changeFromWire(w: Wire): Change {
  const readyTime = optDate(w['ready-time']);
  const err = optStr(w.err);
  return {
    id: str(w.id),
    kind: str(w.kind),
    summary: str(w.summary),
    status: str(w.status) as ChangeStatus,
    tasks: Array.isArray(w.tasks) ? (w.tasks as Wire[]).map(taskFromWire) : [],
    ready: w.ready === true,
    ...(err ? { err } : {}),
    spawnTime: new Date(str(w['spawn-time'])),
    ...(readyTime ? { readyTime } : {}),
    data: (w.data ?? {}) as Wire,
  };
}

export function noticeFromWire(w: Wire): Notice {
  const repeat = optStr(w['repeat-after']);
  const expire = optStr(w['expire-after']);
  return {
    id: str(w.id),
    userId: numOrNull(w['user-id']),
    type: str(w.type),
    key: str(w.key),
    firstOccurred: new Date(str(w['first-occurred'])),
    lastOccurred: new Date(str(w['last-occurred'])),
    lastRepeated: new Date(str(w['last-repeated'])),
    cursor: str(w['last-repeated']),
    occurrences: Number(w.occurrences ?? 0),
    lastData: (w['last-data'] ?? {}) as Record<string, string>,
    ...(repeat ? { repeatAfterMs: parseDuration(repeat) } : {}),
    ...(expire ? { expireAfterMs: parseDuration(expire) } : {}),
  };
}

export function fileFromWire(w: Wire): FileInfo {
  return {
    path: str(w.path),
    name: str(w.name),
    type: (str(w.type) || 'unknown') as FileType,
    ...(typeof w.size === 'number' ? { size: w.size } : {}),
    permissions: Number.parseInt(str(w.permissions) || '0', 8),
    lastModified: new Date(str(w['last-modified'])),
    userId: numOrNull(w['user-id']),
    user: str(w.user),
    groupId: numOrNull(w['group-id']),
    group: str(w.group),
  };
}
