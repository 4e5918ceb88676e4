/**
 * @module The notice store (pebble-api.md §7): identity (user, type, key), occurrence
 * counting, repeat-after, 7-day expiry, filtering and long-poll waiters.
 */
import type { Nanos } from '../util/timestamp.ts';
import { formatTime, nowNanos } from '../util/timestamp.ts';
import { formatDuration } from '../util/duration.ts';

export type NoticeType = 'change-update' | 'custom' | 'warning';
export const NOTICE_TYPES: readonly string[] = ['change-update', 'custom', 'warning'];
const EXPIRE_AFTER_MS = 7 * 24 * 3600 * 1000;

export interface Notice {
  id: string;
  userId: number | null;
  type: string;
  key: string;
  firstOccurred: Nanos;
  lastOccurred: Nanos;
  lastRepeated: Nanos;
  occurrences: number;
  lastData?: Record<string, string>;
  repeatAfterMs?: number;
  expireAfterMs: number;
}

/** What to record: one occurrence of a notice. */
export interface NoticeOccurrence {
  readonly userId: number | null;
  readonly type: string;
  readonly key: string;
  readonly data?: Record<string, string>;
  readonly repeatAfterMs?: number;
}

/** Filters of `GET /v1/notices`. */
export interface NoticeFilter {
  /** `undefined` = all users; otherwise notices of this user or public ones. */
  readonly userId?: number | null;
  readonly onlyUser?: boolean;
  readonly types: readonly string[];
  readonly keys: readonly string[];
  readonly after?: Nanos;
}

/** JSON rendering of a notice. */
export function noticeJson(n: Notice): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: n.id,
    'user-id': n.userId,
    type: n.type,
    key: n.key,
    'first-occurred': formatTime(n.firstOccurred),
    'last-occurred': formatTime(n.lastOccurred),
    'last-repeated': formatTime(n.lastRepeated),
    occurrences: n.occurrences,
  };
  if (n.lastData && Object.keys(n.lastData).length > 0) out['last-data'] = n.lastData;
  if (n.repeatAfterMs) out['repeat-after'] = formatDuration(n.repeatAfterMs);
  out['expire-after'] = formatDuration(n.expireAfterMs);
  return out;
}

/** Holds notices and wakes long-pollers when one is added or repeated. */
export class NoticeStore {
  readonly #notices = new Map<string, Notice>();
  #waiters = new Set<() => void>();
  #nextId: () => string;
  #onChange: () => void;

  constructor(nextId: () => string, onChange: () => void) {
    this.#nextId = nextId;
    this.#onChange = onChange;
  }

  /** Records an occurrence; returns the notice ID. */
  add(occ: NoticeOccurrence): string {
    const now = nowNanos();
    const identity = `${occ.userId ?? 'public'}\u0000${occ.type}\u0000${occ.key}`;
    let notice = [...this.#notices.values()].find(
      (n) => `${n.userId ?? 'public'}\u0000${n.type}\u0000${n.key}` === identity,
    );
    let repeated = true;
    if (!notice || this.#expired(notice, now)) {
      if (notice) this.#notices.delete(notice.id);
      notice = {
        id: this.#nextId(),
        userId: occ.userId,
        type: occ.type,
        key: occ.key,
        firstOccurred: now,
        lastOccurred: now,
        lastRepeated: now,
        occurrences: 1,
        expireAfterMs: EXPIRE_AFTER_MS,
      };
      this.#notices.set(notice.id, notice);
    } else {
      notice.occurrences++;
      notice.lastOccurred = now;
      const elapsedMs = Number(now - notice.lastRepeated) / 1e6;
      const previousRepeat = notice.repeatAfterMs ?? 0;
      repeated = previousRepeat === 0 || elapsedMs >= previousRepeat;
      if (repeated) notice.lastRepeated = now;
    }
    if (occ.data && Object.keys(occ.data).length > 0) notice.lastData = { ...occ.data };
    else delete notice.lastData;
    if (occ.repeatAfterMs) notice.repeatAfterMs = occ.repeatAfterMs;
    else delete notice.repeatAfterMs;
    this.#onChange();
    if (repeated) this.#wake();
    return notice.id;
  }

  #expired(n: Notice, now: Nanos): boolean {
    return Number(now - n.lastOccurred) / 1e6 > n.expireAfterMs;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  get(id: string): Notice | undefined {
    const n = this.#notices.get(id);
    return n && !this.#expired(n, nowNanos()) ? n : undefined;
  }

  /** Notices matching `filter`, sorted by last-repeated. */
  list(filter: NoticeFilter): Notice[] {
    const now = nowNanos();
    return [...this.#notices.values()]
      .filter((n) => !this.#expired(n, now))
      .filter((n) => filter.userId === undefined || n.userId === null || n.userId === filter.userId)
      .filter((n) => filter.types.length === 0 || filter.types.includes(n.type))
      .filter((n) => filter.keys.length === 0 || filter.keys.includes(n.key))
      .filter((n) => filter.after === undefined || n.lastRepeated > filter.after)
      .sort((a, b) =>
        a.lastRepeated < b.lastRepeated ? -1 : a.lastRepeated > b.lastRepeated ? 1 : 0,
      );
  }

  /** Resolves when a notice is added or repeated, or when `signal` aborts. */
  waitForNext(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        this.#waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Serialisable copy of all notices. */
  toJSON(): unknown[] {
    return [...this.#notices.values()].map((n) => ({
      ...n,
      firstOccurred: String(n.firstOccurred),
      lastOccurred: String(n.lastOccurred),
      lastRepeated: String(n.lastRepeated),
    }));
  }

  /** Restores notices saved by `toJSON`. */
  restore(saved: unknown[]): void {
    for (const raw of saved) {
      const n = raw as Notice & {
        firstOccurred: string;
        lastOccurred: string;
        lastRepeated: string;
      };
      this.#notices.set(n.id, {
        ...n,
        firstOccurred: BigInt(n.firstOccurred),
        lastOccurred: BigInt(n.lastOccurred),
        lastRepeated: BigInt(n.lastRepeated),
      });
    }
  }
}
