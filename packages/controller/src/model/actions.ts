/**
 * @module Actions as Juju runs them (juju-semantics.md §6): validated against the action's
 * JSON Schema when enqueued (defaults filled in), one task per unit run through that unit's
 * queue, then completed or failed with results, log lines and timing.
 */
import type { SQLOutputValue } from 'node:sqlite';
import { InvalidActionParamsError } from '@charmkit/ops';
import { validateActionParams } from '@charmkit/ops/metadata';
import type { Store } from '../store/database.ts';
import { json } from '../store/database.ts';
import { ControllerError } from './errors.ts';
import { nowIso } from './repository.ts';
import type { Repository } from './repository.ts';

export type ActionStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'error';

export interface ActionTask {
  readonly id: number;
  readonly unit: string;
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly status: ActionStatus;
  readonly message: string;
  readonly results: Record<string, unknown>;
  readonly log: readonly string[];
  readonly enqueued: string;
  readonly started?: string;
  readonly completed?: string;
}

type Row = Record<string, SQLOutputValue>;

/** The reserved action name of `juju exec` tasks (charms cannot define `juju-*` actions). */
export const EXEC_ACTION = 'juju-exec';

function taskFromRow(row: Row): ActionTask {
  return {
    id: Number(row.id),
    unit: String(row.unit),
    name: String(row.name),
    params: json(row.params),
    status: String(row.status) as ActionStatus,
    message: String(row.message),
    results: json(row.results),
    log: json(row.log),
    enqueued: String(row.enqueued),
    ...(row.started ? { started: String(row.started) } : {}),
    ...(row.completed ? { completed: String(row.completed) } : {}),
  };
}

export class Actions {
  readonly #store: Store;
  readonly #repo: Repository;

  constructor(repo: Repository) {
    this.#repo = repo;
    this.#store = repo.store;
  }

  /** Queues `name` on `unit`; refuses unknown units and actions and invalid params. */
  enqueue(
    model: string,
    unit: string,
    name: string,
    params: Readonly<Record<string, unknown>>,
  ): ActionTask {
    const found = this.#repo.unit(model, unit);
    if (!found) throw new ControllerError('not-found', `unit "${unit}" not found`);
    const meta = this.#repo.application(model, found.app)!.charm.meta;
    const action = meta.actions[name];
    if (!action)
      throw new ControllerError(
        'not-found',
        `action "${name}" not defined for unit "${unit}". (not found)`,
      );
    let validated: Record<string, unknown>;
    try {
      validated = validateActionParams(name, action, params);
    } catch (error) {
      if (error instanceof InvalidActionParamsError) {
        throw new ControllerError('invalid', `validation failed: ${error.jujuErrors.join('; ')}`);
      }
      throw error;
    }
    return this.#insert(model, unit, name, validated);
  }

  /**
   * `juju exec`: a task named `juju-exec` (Juju's own name for it) running `command` with
   * `sh -c` in the unit's hook context, through the same queue as actions.
   */
  enqueueExec(model: string, unit: string, command: string, timeoutMs: number): ActionTask {
    if (!this.#repo.unit(model, unit))
      throw new ControllerError('not-found', `unit "${unit}" not found`);
    return this.#insert(model, unit, EXEC_ACTION, { command, timeout: timeoutMs });
  }

  #insert(model: string, unit: string, name: string, params: Record<string, unknown>): ActionTask {
    const id = this.#store.next(model, 'action', 1);
    this.#store.run(
      'INSERT INTO actions (model_uuid, id, unit, name, params, status, enqueued) VALUES (?, ?, ?, ?, ?, ?, ?)',
      model,
      id,
      unit,
      name,
      JSON.stringify(params),
      'pending',
      nowIso(),
    );
    return this.get(model, id)!;
  }

  get(model: string, id: number): ActionTask | undefined {
    const row = this.#store.get<Row>(
      'SELECT * FROM actions WHERE model_uuid = ? AND id = ?',
      model,
      id,
    );
    return row ? taskFromRow(row) : undefined;
  }

  /** Pending tasks by unit, oldest first. */
  pending(model: string): Map<string, ActionTask[]> {
    const out = new Map<string, ActionTask[]>();
    for (const row of this.#store.all<Row>(
      "SELECT * FROM actions WHERE model_uuid = ? AND status = 'pending' ORDER BY id",
      model,
    )) {
      const task = taskFromRow(row);
      out.set(task.unit, [...(out.get(task.unit) ?? []), task]);
    }
    return out;
  }

  start(model: string, id: number): void {
    this.#store.run(
      "UPDATE actions SET status = 'running', started = ? WHERE model_uuid = ? AND id = ?",
      nowIso(),
      model,
      id,
    );
  }

  appendLog(model: string, id: number, message: string): void {
    const task = this.get(model, id);
    if (!task) return;
    const line = `${new Date().toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC ${message}`;
    this.#store.run(
      'UPDATE actions SET log = ? WHERE model_uuid = ? AND id = ?',
      JSON.stringify([...task.log, line]),
      model,
      id,
    );
  }

  finish(
    model: string,
    id: number,
    outcome: { status: ActionStatus; message: string; results: Record<string, unknown> },
  ): void {
    this.#store.run(
      'UPDATE actions SET status = ?, message = ?, results = ?, completed = ? WHERE model_uuid = ? AND id = ?',
      outcome.status,
      outcome.message,
      JSON.stringify(outcome.results),
      nowIso(),
      model,
      id,
    );
  }
}
