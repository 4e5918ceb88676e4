/**
 * @module Charm state kept by Juju's controller (`state-get`/`state-set`), so it survives a
 * pod being replaced. Values are JSON; Juju stages writes until the hook succeeds.
 */
import type { z } from 'zod';
import { ModelError } from '../errors.ts';
import type { ModelContext } from './model-context.ts';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export class StoredState {
  readonly #ctx: ModelContext;
  #values: Record<string, string> | undefined;

  constructor(ctx: ModelContext) {
    this.#ctx = ctx;
  }

  /** A stored value, or undefined. With a schema, the value is validated. */
  get<S extends z.ZodType>(key: string, schema: S): z.infer<S> | undefined;
  get(key: string): JsonValue | undefined;
  get(key: string, schema?: z.ZodType): unknown {
    const text = this.#read()[key];
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ModelError(
        `stored state "${key}" is not JSON (written by something else?): ${text.slice(0, 80)}`,
        { cause: error },
      );
    }
    if (!schema) return value;
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new ModelError(
        `stored state "${key}" does not match its schema: ${parsed.error.message}`,
      );
    return parsed.data;
  }

  /** Stores a JSON value. Same as `state-set`. */
  set(key: string, value: JsonValue): void {
    const text = JSON.stringify(value);
    this.#ctx.backend.stateSet({ [key]: text });
    this.#read()[key] = text;
  }

  /** Removes a value. Same as `state-delete`. */
  delete(key: string): void {
    this.#ctx.backend.stateDelete(key);
    delete this.#read()[key];
  }

  #read(): Record<string, string> {
    this.#values ??= { ...this.#ctx.backend.stateGet() };
    return this.#values;
  }
}
