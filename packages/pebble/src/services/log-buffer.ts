/**
 * @module Per-service output capture (pebble-api.md §3.2, §3.8): lines of stdout+stderr in a
 * ring buffer of ~100 KiB per service, with subscribers for `GET /v1/logs?follow=true`.
 */
import type { Nanos } from '../util/timestamp.ts';
import { nowNanos } from '../util/timestamp.ts';

export interface LogEntry {
  readonly time: Nanos;
  readonly service: string;
  readonly message: string;
}

const MAX_BYTES = 100 * 1024;

/** A line-splitting writer that feeds one service's ring buffer. */
export class ServiceLog {
  readonly service: string;
  readonly #entries: LogEntry[] = [];
  #bytes = 0;
  #partial = '';
  readonly #listeners: Set<(e: LogEntry) => void>;

  constructor(service: string, listeners: Set<(e: LogEntry) => void>) {
    this.service = service;
    this.#listeners = listeners;
  }

  /** Appends output; complete lines become entries. */
  write(chunk: Buffer | string): void {
    const text = this.#partial + chunk.toString();
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#push(line);
  }

  /** Flushes a trailing partial line (at process exit). */
  flush(): void {
    if (this.#partial) this.#push(this.#partial);
    this.#partial = '';
  }

  #push(message: string): void {
    const entry: LogEntry = { time: nowNanos(), service: this.service, message };
    this.#entries.push(entry);
    this.#bytes += message.length + 1;
    while (this.#bytes > MAX_BYTES && this.#entries.length > 1) {
      const dropped = this.#entries.shift();
      this.#bytes -= (dropped?.message.length ?? 0) + 1;
    }
    for (const listener of this.#listeners) listener(entry);
  }

  /** The last `n` lines (all when n < 0). */
  tail(n: number): readonly LogEntry[] {
    return n < 0 ? [...this.#entries] : this.#entries.slice(Math.max(0, this.#entries.length - n));
  }
}

/** All service logs of a daemon. */
export class LogStore {
  readonly #logs = new Map<string, ServiceLog>();
  readonly #listeners = new Set<(e: LogEntry) => void>();

  forService(name: string): ServiceLog {
    let log = this.#logs.get(name);
    if (!log) {
      log = new ServiceLog(name, this.#listeners);
      this.#logs.set(name, log);
    }
    return log;
  }

  /** The last `n` entries across `services` (all if empty), in time order. */
  tail(services: readonly string[], n: number): LogEntry[] {
    const selected = [...this.#logs.values()].filter(
      (l) => services.length === 0 || services.includes(l.service),
    );
    const all = selected.flatMap((l) => l.tail(n)).sort((a, b) => (a.time < b.time ? -1 : 1));
    return n < 0 ? all : all.slice(Math.max(0, all.length - n));
  }

  /** Calls `listener` for each new entry until the returned function is called. */
  subscribe(listener: (e: LogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
