/**
 * @module A running action (`action-get`, `action-set`, `action-log`, `action-fail`):
 * typed params, nested results flattened to Juju's dotted keys, failure.
 */
import type { z } from 'zod';
import type { Backend } from './backend/backend.ts';
import { InvalidActionParamsError, ModelError } from './errors.ts';
import type { CharmMeta } from './metadata/types.ts';
import type { ActionName, ActionParams } from './metadata/typed.ts';
import { issuesFromZod } from './model/zod-issues.ts';

const RESULT_KEY_RE = /^[a-z0-9](([a-z0-9-.]+)?[a-z0-9])?$/;

/** Result values: nested objects become dotted keys (`out.a`); scalars become strings. */
export type ActionResults = {
  readonly [key: string]: string | number | boolean | null | ActionResults;
};

export class Action<M extends CharmMeta = CharmMeta, A extends ActionName<M> = ActionName<M>> {
  readonly name: A;
  /** Juju's task id (`JUJU_ACTION_UUID`). */
  readonly id: string;
  readonly #backend: Backend;
  #params: ActionParams<M, A> | undefined;
  #failed: string | undefined;

  constructor(backend: Backend, name: A, id: string) {
    this.#backend = backend;
    this.name = name;
    this.id = id;
  }

  /** Params as Juju validated them against the action's schema, defaults filled in. */
  get params(): ActionParams<M, A> {
    this.#params ??= this.#backend.actionGet() as ActionParams<M, A>;
    return this.#params;
  }

  /**
   * Validates params further with a zod schema.
   *
   * @throws {InvalidActionParamsError}; escaping a handler, it fails the action with its message.
   */
  loadParams<S extends z.ZodType>(schema: S): z.infer<S> {
    const result = schema.safeParse(this.params);
    if (result.success) return result.data;
    throw new InvalidActionParamsError(this.name, issuesFromZod(result.error));
  }

  /** Streams a progress line to the operator. Same as `action-log`. */
  log(message: string): void {
    this.#backend.actionLog(message);
  }

  /**
   * Adds results; nested objects are flattened to dotted keys. Same as `action-set`.
   *
   * @example
   * action.setResults({ backup: { path: '/srv/db.sql', size: 2048 } }); // backup.path=…, backup.size=2048
   */
  setResults(results: ActionResults): void {
    this.#backend.actionSet(flattenResults(results));
  }

  /** Marks the action failed (the handler may still set results). Same as `action-fail`. */
  fail(message = ''): void {
    this.#failed = message;
    this.#backend.actionFail(message);
  }

  /** The failure message, if `fail()` was called. */
  get failure(): string | undefined {
    return this.#failed;
  }
}

/**
 * Flattens nested results to Juju's dotted keys, checking each key.
 *
 * @throws {ModelError} for a key Juju would reject or two values for the same dotted key.
 */
export function flattenResults(results: ActionResults): Record<string, string> {
  const flat: Record<string, string> = {};
  const walk = (prefix: string, value: ActionResults[string]): void => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
      return;
    }
    if (!RESULT_KEY_RE.test(prefix)) {
      throw new ModelError(
        `invalid action result key "${prefix}": use lower-case letters, digits, dashes and dots`,
      );
    }
    if (prefix in flat) throw new ModelError(`duplicate action result key "${prefix}"`);
    flat[prefix] = value === null ? 'null' : String(value);
  };
  walk('', results);
  return flat;
}

/** The inverse of {@link flattenResults}: `{ 'a.b': '1' }` → `{ a: { b: '1' } }`. */
export function nestDottedKeys(flat: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = value;
  }
  return out;
}
