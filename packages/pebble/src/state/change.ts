/**
 * @module Changes and tasks (pebble-api.md §1.1): status strings, derived change status,
 * task logs and progress, and the exact JSON shape served by `/v1/changes`.
 */
import type { Nanos } from '../util/timestamp.ts';
import { formatTime, nowNanos } from '../util/timestamp.ts';

export type Status =
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

const READY: ReadonlySet<Status> = new Set(['Done', 'Undone', 'Hold', 'Error']);
const PRIORITY: readonly Status[] = [
  'Abort',
  'Undoing',
  'Undo',
  'Doing',
  'Do',
  'Wait',
  'Error',
  'Undone',
  'Done',
  'Hold',
];

/** True for statuses in which nothing more will happen. */
export function isReady(status: Status): boolean {
  return READY.has(status);
}

/** A unit of work inside a change. */
export interface Task {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  status: Status;
  log: string[];
  readonly spawnTime: Nanos;
  readyTime?: Nanos;
  /** Task "api-data", served as `data` (e.g. `{"exit-code": 0}`). */
  data?: Record<string, unknown>;
  /** Lane number; a failed task holds the later tasks of its lane. */
  lane: number;
  /** IDs of tasks that must be ready before this one runs. */
  waitFor: string[];
}

/** A group of tasks started by one request. */
export interface Change {
  readonly id: string;
  readonly kind: string;
  summary: string;
  readonly tasks: Task[];
  readonly spawnTime: Nanos;
  readyTime?: Nanos;
  /** Internal data, e.g. `service-names` for `GET /v1/changes?for=`. */
  data: Record<string, unknown>;
  /** Served as `data` on the change (change "api-data"). */
  apiData?: Record<string, unknown>;
  /** Extra data for change-update notices (check changes add `check-name`). */
  noticeData: Record<string, string>;
  /** Status when there are no tasks (Hold) or an explicitly set one. */
  explicitStatus?: Status;
}

/** The change status derived from its tasks, in Pebble's priority order. */
export function changeStatus(change: Change): Status {
  if (change.explicitStatus) return change.explicitStatus;
  if (change.tasks.length === 0) return 'Hold';
  const present = new Set(change.tasks.map((t) => t.status));
  return PRIORITY.find((s) => present.has(s)) ?? 'Hold';
}

/** Appends a `"<time> INFO|ERROR <msg>"` line, keeping the last 10. */
export function addTaskLog(task: Task, level: 'INFO' | 'ERROR', message: string): void {
  const time = formatTime(nowNanos()).replace(/\.\d+Z$/, 'Z');
  task.log.push(`${time} ${level} ${message}`);
  if (task.log.length > 10) task.log.splice(0, task.log.length - 10);
}

/** The `err` text of a change, or undefined when no task failed. */
export function changeErr(change: Change): string | undefined {
  if (changeStatus(change) !== 'Error') return undefined;
  const lines: string[] = [];
  for (const task of change.tasks) {
    if (task.status !== 'Error') continue;
    const errors = task.log
      .filter((l) => l.includes(' ERROR '))
      .map((l) => l.slice(l.indexOf(' ERROR ') + 7));
    for (const e of errors) lines.push(`- ${task.summary} (${e})`);
  }
  return `cannot perform the following tasks:\n${lines.join('\n')}`;
}

function taskJson(task: Task): Record<string, unknown> {
  const done = task.status === 'Do' || task.status === 'Doing' ? 0 : 1;
  const out: Record<string, unknown> = {
    id: task.id,
    kind: task.kind,
    summary: task.summary,
    status: task.status,
  };
  if (task.log.length > 0) out['log'] = [...task.log];
  out['progress'] = { label: '', done, total: 1 };
  out['spawn-time'] = formatTime(task.spawnTime);
  if (task.readyTime !== undefined) out['ready-time'] = formatTime(task.readyTime);
  if (task.data) out['data'] = task.data;
  return out;
}

/** The `changeInfo` JSON served by the changes API. */
export function changeJson(change: Change): Record<string, unknown> {
  const status = changeStatus(change);
  const out: Record<string, unknown> = {
    id: change.id,
    kind: change.kind,
    summary: change.summary,
    status,
    tasks: change.tasks.map(taskJson),
    ready: isReady(status),
  };
  const err = changeErr(change);
  if (err !== undefined) out['err'] = err;
  out['spawn-time'] = formatTime(change.spawnTime);
  if (change.readyTime !== undefined) out['ready-time'] = formatTime(change.readyTime);
  if (change.apiData) out['data'] = change.apiData;
  return out;
}
