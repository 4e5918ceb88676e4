/**
 * @module The embedded store: one SQLite file (`node:sqlite`, WAL) per controller, opened
 * by exactly one controller at a time, with migrations and a transaction helper. Every
 * write that changes what a unit will be told goes through {@link Store.transaction}, so a
 * crash leaves either all of it or none.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import { MIGRATIONS } from './schema.ts';

export type Row = Record<string, SQLInputValue>;

export class Store {
  readonly path: string;
  readonly #db: DatabaseSync;
  #depth = 0;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
  }

  /** Opens (creating and migrating) the store at `path`; `:memory:` for tests. */
  static open(path: string): Store {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(path);
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    // Relation data and (encrypted) secrets: for the controller's user only, even where the
    // state directory is traversable by the charm user.
    if (path !== ':memory:') {
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        if (existsSync(file)) chmodSync(file, 0o600);
    }
    const store = new Store(path, db);
    store.#migrate();
    return store;
  }

  #migrate(): void {
    const version = Number(
      (this.#db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
    );
    MIGRATIONS.slice(version).forEach((sql, i) => {
      this.transaction(() => {
        this.#db.exec(sql);
        this.#db.exec(`PRAGMA user_version = ${version + i + 1}`);
      });
    });
  }

  /** Runs `fn` in a transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#db.exec('BEGIN IMMEDIATE');
    this.#depth++;
    try {
      const result = fn();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    } finally {
      this.#depth--;
    }
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number; lastId: number } {
    const r = this.#db.prepare(sql).run(...params);
    return { changes: Number(r.changes), lastId: Number(r.lastInsertRowid) };
  }

  get<T = Row>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.#db.prepare(sql).get(...params) as T | undefined;
  }

  all<T = Row>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.#db.prepare(sql).all(...params) as T[];
  }

  /** Next value of a per-model counter (relation ids, action ids…), starting at `first`. */
  next(model: string, name: string, first = 0): number {
    return this.transaction(() => {
      const row = this.get<{ value: number }>(
        'SELECT value FROM counters WHERE model_uuid = ? AND name = ?',
        model,
        name,
      );
      const value = row ? Number(row.value) + 1 : first;
      this.run(
        'INSERT INTO counters (model_uuid, name, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
        model,
        name,
        value,
      );
      return value;
    });
  }

  close(): void {
    this.#db.close();
  }
}

export function json<T>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}
