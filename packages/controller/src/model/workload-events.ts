/**
 * @module Events that come from a unit's workload containers (pebble-api.md §7.4): custom
 * notices and check failures/recoveries, persisted as soon as they are seen so none is lost,
 * and the per-container notice cursor, so a restarted controller resumes where it stopped.
 */
import type { SQLOutputValue } from 'node:sqlite';
import type { Store } from '../store/database.ts';

export type WorkloadEventKind =
  'pebble-custom-notice' | 'pebble-check-failed' | 'pebble-check-recovered';

export interface WorkloadEvent {
  readonly id: number;
  readonly unit: string;
  readonly container: string;
  readonly kind: WorkloadEventKind;
  readonly notice?: { readonly id: string; readonly type: string; readonly key: string };
  readonly checkName?: string;
}

type Row = Record<string, SQLOutputValue>;

export class WorkloadEvents {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  add(model: string, event: Omit<WorkloadEvent, 'id'>): void {
    const id = this.#store.next(model, 'workload-event', 1);
    this.#store.run(
      `INSERT INTO workload_events (model_uuid, id, unit, container, kind, notice_id, notice_type, notice_key, check_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      model,
      id,
      event.unit,
      event.container,
      event.kind,
      event.notice?.id ?? null,
      event.notice?.type ?? null,
      event.notice?.key ?? null,
      event.checkName ?? null,
    );
  }

  /** Undelivered events per unit, oldest first. */
  pending(model: string): Map<string, WorkloadEvent[]> {
    const out = new Map<string, WorkloadEvent[]>();
    for (const row of this.#store.all<Row>(
      'SELECT * FROM workload_events WHERE model_uuid = ? AND done = 0 ORDER BY id',
      model,
    )) {
      const event: WorkloadEvent = {
        id: Number(row.id),
        unit: String(row.unit),
        container: String(row.container),
        kind: String(row.kind) as WorkloadEventKind,
        ...(row.notice_id === null
          ? {}
          : {
              notice: {
                id: String(row.notice_id),
                type: String(row.notice_type),
                key: String(row.notice_key),
              },
            }),
        ...(row.check_name === null ? {} : { checkName: String(row.check_name) }),
      };
      out.set(event.unit, [...(out.get(event.unit) ?? []), event]);
    }
    return out;
  }

  delivered(model: string, id: number): void {
    this.#store.run(
      'UPDATE workload_events SET done = 1 WHERE model_uuid = ? AND id = ?',
      model,
      id,
    );
  }

  cursor(model: string, unit: string, container: string): string | undefined {
    const row = this.#store.get<Row>(
      'SELECT after FROM notice_cursors WHERE model_uuid = ? AND unit = ? AND container = ?',
      model,
      unit,
      container,
    );
    return row ? String(row.after) : undefined;
  }

  setCursor(model: string, unit: string, container: string, after: string): void {
    this.#store.run(
      'INSERT INTO notice_cursors (model_uuid, unit, container, after) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET after = excluded.after',
      model,
      unit,
      container,
      after,
    );
  }
}
