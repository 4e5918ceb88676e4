/** @module A storage instance attached to this unit (`storage-list`, `storage-get`). */
import type { ModelContext } from './model-context.ts';

export class Storage {
  readonly name: string;
  readonly index: number;
  readonly #ctx: ModelContext;
  #location: string | undefined;

  constructor(ctx: ModelContext, id: string) {
    this.#ctx = ctx;
    const slash = id.lastIndexOf('/');
    this.name = id.slice(0, slash);
    this.index = Number(id.slice(slash + 1));
  }

  /** `<name>/<index>`, as Juju names it. */
  get id(): string {
    return `${this.name}/${this.index}`;
  }

  /** Where the storage is mounted. Same as `storage-get -s <id>`. */
  get location(): string {
    this.#location ??= this.#ctx.backend.storageGet(this.id).location;
    return this.#location;
  }
}
