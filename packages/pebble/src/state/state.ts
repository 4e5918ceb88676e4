/**
 * @module The daemon state (pebble-api.md §1.1, §4.4, §8): ID counters, changes and tasks,
 * notices, and JSON persistence in `<stateDir>/.pebble.state` (atomic rename on save).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nowNanos } from '../util/timestamp.ts';
import type { Change, Status, Task } from './change.ts';
import { changeStatus, isReady } from './change.ts';
import { NoticeStore } from './notices.ts';

const STATE_FILE = '.pebble.state';

interface Counters {
  change: number;
  task: number;
  notice: number;
}

interface SavedChange extends Omit<Change, 'spawnTime' | 'readyTime' | 'tasks'> {
  spawnTime: string;
  readyTime?: string;
  tasks: (Omit<Task, 'spawnTime' | 'readyTime'> & { spawnTime: string; readyTime?: string })[];
}

interface SavedState {
  counters: Counters;
  changes: SavedChange[];
  notices: unknown[];
  extra: Record<string, unknown>;
}

/** Options for a new change. */
export interface NewChange {
  readonly kind: string;
  readonly summary: string;
  readonly data?: Record<string, unknown>;
  readonly noticeData?: Record<string, string>;
}

/** Changes, notices and persisted extras (plan layers) of one daemon. */
export class State {
  readonly #path: string | undefined;
  readonly #counters: Counters = { change: 0, task: 0, notice: 0 };
  readonly #changes = new Map<string, Change>();
  readonly #lastStatus = new Map<string, Status>();
  readonly #readyWaiters = new Map<string, Set<() => void>>();
  readonly notices: NoticeStore;
  /** Other managers' persisted data (e.g. API-added layers), saved alongside. */
  readonly extra: Record<string, unknown> = {};
  #saveScheduled = false;

  /** @param stateDir directory holding `.pebble.state`; undefined disables persistence. */
  constructor(stateDir: string | undefined) {
    this.#path = stateDir === undefined ? undefined : join(stateDir, STATE_FILE);
    this.notices = new NoticeStore(
      () => String(++this.#counters.notice),
      () => this.save(),
    );
    this.#load();
  }

  #load(): void {
    if (!this.#path) return;
    let saved: SavedState;
    try {
      saved = JSON.parse(readFileSync(this.#path, 'utf8')) as SavedState;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    Object.assign(this.#counters, saved.counters);
    for (const c of saved.changes) {
      const change: Change = {
        ...c,
        spawnTime: BigInt(c.spawnTime),
        readyTime: c.readyTime === undefined ? undefined : BigInt(c.readyTime),
        tasks: c.tasks.map((t) => ({
          ...t,
          spawnTime: BigInt(t.spawnTime),
          readyTime: t.readyTime === undefined ? undefined : BigInt(t.readyTime),
        })),
      };
      this.#changes.set(change.id, change);
      this.#lastStatus.set(change.id, changeStatus(change));
    }
    this.notices.restore(saved.notices);
    Object.assign(this.extra, saved.extra);
  }

  /** Schedules a save on the next tick (coalescing bursts of updates). */
  save(): void {
    if (!this.#path || this.#saveScheduled) return;
    this.#saveScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes the state file now. */
  flush(): void {
    this.#saveScheduled = false;
    if (!this.#path) return;
    const big = (v: bigint | undefined): string | undefined =>
      v === undefined ? undefined : String(v);
    const saved: SavedState = {
      counters: this.#counters,
      changes: [...this.#changes.values()].map((c) => ({
        ...c,
        spawnTime: String(c.spawnTime),
        readyTime: big(c.readyTime),
        tasks: c.tasks.map((t) => ({
          ...t,
          spawnTime: String(t.spawnTime),
          readyTime: big(t.readyTime),
        })),
      })),
      notices: this.notices.toJSON(),
      extra: this.extra,
    };
    mkdirSync(join(this.#path, '..'), { recursive: true });
    const tmp = `${this.#path}.tmp`;
    writeFileSync(tmp, JSON.stringify(saved));
    renameSync(tmp, this.#path);
  }

  /** Creates a change (no tasks yet) and records its first change-update notice. */
  newChange(spec: NewChange): Change {
    const change: Change = {
      id: String(++this.#counters.change),
      kind: spec.kind,
      summary: spec.summary,
      tasks: [],
      spawnTime: nowNanos(),
      data: spec.data ?? {},
      noticeData: spec.noticeData ?? {},
    };
    this.#changes.set(change.id, change);
    return change;
  }

  /** Appends a new task to `change`. */
  newTask(change: Change, spec: { kind: string; summary: string; lane?: number }): Task {
    const task: Task = {
      id: String(++this.#counters.task),
      kind: spec.kind,
      summary: spec.summary,
      status: 'Do',
      log: [],
      spawnTime: nowNanos(),
      lane: spec.lane ?? 0,
      waitFor: [],
    };
    change.tasks.push(task);
    return task;
  }

  /** Must be called after any task/change update: derives status, notices, readiness. */
  changeUpdated(change: Change): void {
    const status = changeStatus(change);
    const previous = this.#lastStatus.get(change.id);
    const flap =
      (previous === 'Doing' && status === 'Do') || (previous === 'Undoing' && status === 'Undo');
    if (previous !== status && !flap) {
      this.#lastStatus.set(change.id, status);
      this.notices.add({
        userId: null,
        type: 'change-update',
        key: change.id,
        data: { kind: change.kind, ...change.noticeData },
      });
    }
    if (isReady(status) && change.readyTime === undefined) {
      change.readyTime = nowNanos();
      const waiters = this.#readyWaiters.get(change.id);
      this.#readyWaiters.delete(change.id);
      for (const wake of waiters ?? []) wake();
    }
    this.save();
  }

  getChange(id: string): Change | undefined {
    return this.#changes.get(id);
  }

  changes(): Change[] {
    return [...this.#changes.values()];
  }

  /** Finds the task with `id` and its change. */
  findTask(id: string): { change: Change; task: Task } | undefined {
    for (const change of this.#changes.values()) {
      const task = change.tasks.find((t) => t.id === id);
      if (task) return { change, task };
    }
    return undefined;
  }

  /** Resolves true once `change` is ready, false if `signal` aborts first. */
  waitReady(change: Change, signal?: AbortSignal): Promise<boolean> {
    if (isReady(changeStatus(change))) return Promise.resolve(true);
    return new Promise((resolve) => {
      const set = this.#readyWaiters.get(change.id) ?? new Set();
      this.#readyWaiters.set(change.id, set);
      const onAbort = (): void => {
        set.delete(onReady);
        resolve(false);
      };
      const onReady = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      set.add(onReady);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
