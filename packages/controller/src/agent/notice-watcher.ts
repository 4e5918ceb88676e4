/**
 * @module Watches one container's Pebble notices as Juju's uniter does (pebble-api.md §7.4):
 * long-polls `GET /v1/notices` after a persisted cursor; a `custom` notice becomes
 * `pebble-custom-notice`, a failed perform-check change `pebble-check-failed`, a finished
 * recover-check change `pebble-check-recovered`. Events are stored before the cursor moves.
 */
import type { Change, Notice, PebbleClient } from '@charmkit/ops/pebble';
import { PebbleApiError } from '@charmkit/ops/pebble';
import type { WorkloadEvents } from '../model/workload-events.ts';

export interface NoticeWatcherOptions {
  readonly model: string;
  readonly unit: string;
  readonly container: string;
  readonly client: PebbleClient;
  readonly events: WorkloadEvents;
  /** Called after new events were stored. */
  readonly onEvent: () => void;
  readonly pollMs?: number;
}

export class NoticeWatcher {
  readonly #o: NoticeWatcherOptions;
  #stopped = false;

  constructor(options: NoticeWatcherOptions) {
    this.#o = options;
  }

  start(): void {
    void this.#loop();
  }

  stop(): void {
    this.#stopped = true;
  }

  async #loop(): Promise<void> {
    const { model, unit, container, client, events } = this.#o;
    while (!this.#stopped) {
      try {
        const after = events.cursor(model, unit, container);
        const notices = await client.getNotices({
          ...(after === undefined ? {} : { after }),
          timeoutMs: this.#o.pollMs ?? 30_000,
        });
        if (this.#stopped) return;
        let added = false;
        for (const notice of notices) {
          added = (await this.#handle(notice)) || added;
          events.setCursor(model, unit, container, notice.cursor);
        }
        if (added) this.#o.onEvent();
      } catch {
        if (this.#stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Stores the event a notice means, if any; true when one was stored. */
  async #handle(notice: Notice): Promise<boolean> {
    const { model, unit, container, events } = this.#o;
    if (notice.type === 'custom') {
      events.add(model, {
        unit,
        container,
        kind: 'pebble-custom-notice',
        notice: { id: notice.id, type: notice.type, key: notice.key },
      });
      return true;
    }
    const kind = notice.lastData.kind;
    const checkName = notice.lastData['check-name'];
    if (
      notice.type !== 'change-update' ||
      !checkName ||
      (kind !== 'perform-check' && kind !== 'recover-check')
    )
      return false;
    const change = await this.#change(notice.key);
    if (kind === 'perform-check' && (!change || change.status === 'Error')) {
      events.add(model, { unit, container, kind: 'pebble-check-failed', checkName });
      return true;
    }
    if (kind === 'recover-check' && (!change || change.status === 'Done')) {
      events.add(model, { unit, container, kind: 'pebble-check-recovered', checkName });
      return true;
    }
    return false;
  }

  async #change(id: string): Promise<Change | undefined> {
    try {
      return await this.#o.client.getChange(id);
    } catch (error) {
      if (error instanceof PebbleApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}
