/**
 * @module The unit agents of one controller: one hook at a time per unit, many units at
 * once up to a bound. Whenever the model changes (or a hook finishes), every idle unit asks
 * the resolver for its next hook. `settled()` resolves when no unit has anything to run.
 */
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import type { ModelOperations } from '../model/operations.ts';
import type { HookRunner } from './hook-runner.ts';
import { nextHook } from './resolver.ts';

export class UnitAgents {
  readonly #ops: ModelOperations;
  readonly #runner: HookRunner;
  readonly #limit: number;
  readonly #running = new Map<string, Promise<unknown>>();
  #scheduled = false;
  #stopped = false;
  #waiters: (() => void)[] = [];

  readonly #pebbleUp: ReadonlySet<string> | undefined;
  readonly #logger: Logger;

  constructor(
    ops: ModelOperations,
    runner: HookRunner,
    options: { concurrency?: number; pebbleUp?: ReadonlySet<string>; logger?: Logger } = {},
  ) {
    this.#ops = ops;
    this.#runner = runner;
    this.#limit = options.concurrency ?? 8;
    this.#pebbleUp = options.pebbleUp;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Something changed: look for work soon (coalesced). */
  kick(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#dispatch();
    });
  }

  #models(): string[] {
    return this.#ops.repo.store.all<{ uuid: string }>('SELECT uuid FROM models').map((r) => r.uuid);
  }

  #dispatch(): void {
    if (this.#stopped) return;
    for (const model of this.#models()) {
      if (this.#drained.has(model)) continue;
      const world = this.#ops.world(model, this.#pebbleUp);
      for (const unit of world.units.keys()) {
        const key = `${model}/${unit}`;
        if (this.#running.size >= this.#limit) return;
        if (this.#running.has(key)) continue;
        const plan = nextHook(world, unit);
        if (!plan) continue;
        const started = performance.now();
        const fields = { model: world.modelName, unit, hook: plan.name };
        const run = this.#runner
          .run(world, unit, plan)
          .then((result) => {
            const ms = Math.round(performance.now() - started);
            if (result.ok) this.#logger.debug({ ...fields, ms }, 'hook ran');
            else this.#logger.warn({ ...fields, ms, exitCode: result.exitCode }, 'hook failed');
          })
          .catch((error: unknown) => this.#logger.error({ ...fields, err: error }, 'hook crashed'))
          .finally(() => {
            this.#running.delete(key);
            this.kick();
          });
        this.#running.set(key, run);
      }
    }
    if (this.#running.size === 0) this.#notifySettled();
  }

  #notifySettled(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once no unit has a hook to run (errors count as idle). */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.kick();
    });
  }

  readonly #drained = new Set<string>();

  /** Stops starting hooks in `model` and waits for its running ones (before it is deleted). */
  async drain(model: string): Promise<void> {
    this.#drained.add(model);
    const prefix = `${model}/`;
    for (;;) {
      const running = [...this.#running].filter(([key]) => key.startsWith(prefix));
      if (running.length === 0) return;
      await Promise.all(running.map(([, run]) => run));
    }
  }

  /** Stops starting hooks and waits for the running ones to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}
