/**
 * @module Runs the tasks of a change (pebble-api.md §1.1, §3.4): each task waits for its
 * predecessors, a failed or held predecessor holds it; abort cancels pending work.
 */
import { errorMessage } from '../errors.ts';
import type { Change, Task } from './change.ts';
import { addTaskLog, isReady } from './change.ts';
import type { State } from './state.ts';
import { nowNanos } from '../util/timestamp.ts';

/** What a handler gets besides the task: cancellation and logging. */
export interface TaskContext {
  readonly signal: AbortSignal;
  readonly change: Change;
  readonly log: (message: string) => void;
}

/** Does the work of one task; throwing marks the task `Error`. */
export type TaskHandler = (task: Task, ctx: TaskContext) => Promise<void>;

/** Schedules task handlers and keeps change status in sync with the state. */
export class TaskRunner {
  readonly #state: State;
  readonly #running = new Map<string, AbortController>();
  readonly #finished = new Map<string, Promise<void>>();

  constructor(state: State) {
    this.#state = state;
  }

  /** Starts every task of `change` with its handler. */
  run(change: Change, handlers: ReadonlyMap<string, TaskHandler>): void {
    this.#state.changeUpdated(change);
    for (const task of change.tasks) {
      const handler = handlers.get(task.id);
      if (!handler) continue;
      this.#finished.set(task.id, this.#runTask(change, task, handler));
    }
  }

  async #runTask(change: Change, task: Task, handler: TaskHandler): Promise<void> {
    for (const id of task.waitFor) await this.#finished.get(id);
    const blocked = task.waitFor.some(
      (id) => change.tasks.find((t) => t.id === id)?.status !== 'Done',
    );
    if (task.status !== 'Do' || blocked) {
      if (!isReady(task.status)) this.#finish(change, task, 'Hold');
      return;
    }
    const controller = new AbortController();
    this.#running.set(task.id, controller);
    task.status = 'Doing';
    this.#state.changeUpdated(change);
    const ctx: TaskContext = {
      signal: controller.signal,
      change,
      log: (message) => addTaskLog(task, 'INFO', message),
    };
    try {
      await handler(task, ctx);
      this.#finish(change, task, 'Done');
    } catch (err) {
      addTaskLog(task, 'ERROR', errorMessage(err));
      this.#finish(change, task, 'Error');
    } finally {
      this.#running.delete(task.id);
    }
  }

  #finish(change: Change, task: Task, status: Task['status']): void {
    task.status = status;
    if (isReady(status)) task.readyTime ??= nowNanos();
    this.#state.changeUpdated(change);
  }

  /** Aborts pending tasks (→ Hold) and signals running ones. Returns false if nothing was pending. */
  abort(change: Change): boolean {
    const pending = change.tasks.filter((t) => !isReady(t.status));
    if (pending.length === 0) return false;
    for (const task of pending) {
      const controller = this.#running.get(task.id);
      if (controller) {
        task.status = 'Abort';
        controller.abort();
      } else {
        task.status = 'Hold';
        task.readyTime = nowNanos();
      }
    }
    this.#state.changeUpdated(change);
    return true;
  }

  /** Resolves when every task currently running has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.#finished.values());
  }
}
