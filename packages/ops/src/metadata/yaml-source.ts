/**
 * @module A YAML file parsed with positions, so every metadata error can name the file, the
 * line and the key. Wraps the `yaml` package's document API.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { OpsError } from '../errors.ts';

/** Invalid charm metadata: which file, which line, which key, and what is wrong. */
export class MetadataError extends OpsError {
  readonly file: string;
  readonly line: number | undefined;
  readonly key: string | undefined;
  constructor(where: { file: string; line?: number; key?: string }, problem: string) {
    const at = where.line === undefined ? where.file : `${where.file}:${where.line}`;
    super('metadata', `${at}: ${where.key ? `${where.key}: ` : ''}${problem}`);
    this.file = where.file;
    this.line = where.line;
    this.key = where.key;
  }
}

export type YamlPath = readonly (string | number)[];

export class YamlSource {
  /** The name errors use (the file's name relative to the charm, e.g. `charmcraft.yaml`). */
  readonly file: string;
  readonly data: unknown;
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(file: string, text: string) {
    this.file = file;
    this.#lines = new LineCounter();
    this.#doc = parseDocument(text, { lineCounter: this.#lines, uniqueKeys: true });
    const first = this.#doc.errors[0];
    if (first) {
      const line = first.linePos?.[0].line;
      const reason = first.message.split('\n', 1)[0] ?? first.message;
      throw new MetadataError({ file, ...(line ? { line } : {}) }, `invalid YAML: ${reason}`);
    }
    this.data = this.#doc.toJS() as unknown;
  }

  /** Line of the key at `path` (or of its value for list items); undefined if absent. */
  lineOf(path: YamlPath): number | undefined {
    const parent =
      path.length === 0 ? this.#doc.contents : this.#doc.getIn(path.slice(0, -1), true);
    const last = path.at(-1);
    let offset: number | undefined;
    if (isMap(parent) && last !== undefined) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      const key = pair?.key;
      if (isScalar(key)) offset = key.range?.[0];
    }
    if (offset === undefined) {
      const node = this.#doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      offset = node?.range?.[0];
    }
    return offset === undefined ? undefined : this.#lines.linePos(offset).line;
  }

  /** An error pointing at `path` (whose dotted form is the key shown). */
  error(path: YamlPath, problem: string): MetadataError {
    const line = this.lineOf(path) ?? this.#nearestLine(path);
    return new MetadataError(
      { file: this.file, ...(line ? { line } : {}), key: path.join('.') || undefined },
      problem,
    );
  }

  #nearestLine(path: YamlPath): number | undefined {
    for (let n = path.length - 1; n >= 0; n--) {
      const line = this.lineOf(path.slice(0, n));
      if (line !== undefined) return line;
    }
    return undefined;
  }

  /** Validates `value` (found at `base`) with a zod schema, throwing the first problem. */
  validate<S extends z.ZodType>(schema: S, value: unknown, base: YamlPath = []): z.output<S> {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    if (!issue) throw this.error(base, 'invalid');
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      throw this.error(
        [...path, key],
        `unknown key "${key}" (expected one of the documented keys)`,
      );
    }
    const found = valueAt(value, issue.path as (string | number)[]);
    const foundText = found === undefined ? 'nothing' : JSON.stringify(found);
    throw this.error(path, `${issue.message}; found ${foundText}`);
  }
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
