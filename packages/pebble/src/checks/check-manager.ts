/**
 * @module Health checks (pebble-api.md §4): each running check is driven by one change —
 * `perform-check` until the failure threshold, then `recover-check` until a success.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { ApiError, errorMessage } from '../errors.ts';
import type { Check, Plan, Service } from '../plan/types.ts';
import { DEFAULT_CHECK_PERIOD_MS, DEFAULT_CHECK_THRESHOLD } from '../plan/types.ts';
import { addTaskLog } from '../state/change.ts';
import type { State } from '../state/state.ts';
import type { TaskHandler, TaskRunner } from '../state/task-runner.ts';
import { checkKindName, runProbe } from './probes.ts';

/** Dependencies of the check manager. */
export interface CheckManagerDeps {
  readonly state: State;
  readonly runner: TaskRunner;
  readonly service: (name: string) => Service | undefined;
  readonly checkFailed: (name: string) => void;
}

interface CheckData {
  readonly name: string;
  config: Check;
  successes: number;
  failures: number;
  changeId?: string;
  prevChangeId?: string;
  abort?: () => void;
}

type Mode = 'perform-check' | 'recover-check';

/** Runs checks and answers `/v1/checks` and `/v1/health`. */
export class CheckManager {
  readonly #deps: CheckManagerDeps;
  readonly #checks = new Map<string, CheckData>();

  constructor(deps: CheckManagerDeps) {
    this.#deps = deps;
  }

  #status(c: CheckData): 'up' | 'down' | 'inactive' {
    if (c.changeId === undefined) return 'inactive';
    return c.failures >= (c.config.threshold ?? DEFAULT_CHECK_THRESHOLD) ? 'down' : 'up';
  }

  /** `checkInfo` JSON (pebble-api.md §4.2). */
  info(c: CheckData): Record<string, unknown> {
    const out: Record<string, unknown> = { name: c.name };
    if (c.config.level) out['level'] = c.config.level;
    out['startup'] = c.config.startup === 'disabled' ? 'disabled' : 'enabled';
    out['status'] = this.#status(c);
    out['successes'] = c.successes;
    if (c.failures > 0) out['failures'] = c.failures;
    out['threshold'] = c.config.threshold ?? DEFAULT_CHECK_THRESHOLD;
    if (c.changeId) out['change-id'] = c.changeId;
    if (c.prevChangeId) out['prev-change-id'] = c.prevChangeId;
    return out;
  }

  #select(level: string, names: readonly string[]): CheckData[] {
    return [...this.#checks.values()]
      .filter((c) => names.length === 0 || names.includes(c.name))
      .filter((c) => {
        if (level === '') return true;
        if (level === 'alive') return c.config.level === 'alive';
        return c.config.level === 'ready' || c.config.level === 'alive';
      })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** `GET /v1/checks`: exact level match, sorted by name. */
  list(level: string, names: readonly string[]): Record<string, unknown>[] {
    return [...this.#checks.values()]
      .filter((c) => names.length === 0 || names.includes(c.name))
      .filter((c) => level === '' || c.config.level === level)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((c) => this.info(c));
  }

  /** Unhealthy iff a matching check is down (ready implies alive). */
  healthy(level: string, names: readonly string[]): boolean {
    return this.#select(level, names).every((c) => this.#status(c) !== 'down');
  }

  #start(c: CheckData, mode: Mode): void {
    const kind = checkKindName(c.config);
    const verb = mode === 'perform-check' ? 'Perform' : 'Recover';
    const summary = `${verb} ${kind} check ${JSON.stringify(c.name)}`;
    const change = this.#deps.state.newChange({
      kind: mode,
      summary,
      noticeData: { 'check-name': c.name },
    });
    const task = this.#deps.state.newTask(change, { kind: mode, summary });
    if (c.changeId) c.prevChangeId = c.changeId;
    c.changeId = change.id;
    c.abort = () => this.#deps.runner.abort(change);
    this.#deps.runner.run(change, new Map([[task.id, this.#handler(c, mode)]]));
  }

  #handler(c: CheckData, mode: Mode): TaskHandler {
    return async (task, ctx) => {
      const config = c.config;
      const period = config.period ?? DEFAULT_CHECK_PERIOD_MS;
      const threshold = config.threshold ?? DEFAULT_CHECK_THRESHOLD;
      for (;;) {
        try {
          await sleep(period, undefined, { signal: ctx.signal });
        } catch {
          return; // aborted: a stopped check ends its change Done
        }
        let failure: string | undefined;
        try {
          await runProbe(config, this.#contextService(config));
        } catch (err) {
          failure = errorMessage(err);
        }
        if (ctx.signal.aborted) return;
        if (failure === undefined) {
          if (c.failures > 0) ctx.log(`succeeded after ${c.failures} failure(s)`);
          c.successes++;
          c.failures = 0;
          if (mode === 'recover-check') {
            c.successes = 1;
            setImmediate(() => this.#start(c, 'perform-check'));
            return;
          }
          continue;
        }
        c.failures++;
        if (mode === 'perform-check' && c.failures >= threshold) {
          setImmediate(() => {
            this.#deps.checkFailed(c.name);
            this.#start(c, 'recover-check');
          });
          throw new Error(failure);
        }
        addTaskLog(task, 'ERROR', failure);
      }
    };
  }

  #contextService(config: Check): Service | undefined {
    const name = config.exec?.['service-context'];
    return name ? this.#deps.service(name) : undefined;
  }

  #stop(c: CheckData): void {
    c.abort?.();
    delete c.abort;
    if (c.changeId) c.prevChangeId = c.changeId;
    delete c.changeId;
  }

  /** Applies a new plan: restarts changed checks, starts new enabled ones, drops removed ones. */
  planChanged(plan: Plan): void {
    for (const [name, c] of this.#checks) {
      if (!plan.checks[name]) {
        this.#stop(c);
        this.#checks.delete(name);
      }
    }
    for (const [name, config] of Object.entries(plan.checks)) {
      const existing = this.#checks.get(name);
      if (existing && isDeepStrictEqual(existing.config, config)) continue;
      const running = existing?.changeId !== undefined;
      if (existing) this.#stop(existing);
      const c: CheckData = { name, config: structuredClone(config), successes: 0, failures: 0 };
      this.#checks.set(name, c);
      if (running || config.startup !== 'disabled') this.#start(c, 'perform-check');
    }
  }

  /** `POST /v1/checks` start/stop: returns the names whose state changed, sorted. */
  startStop(action: string, names: readonly string[]): string[] {
    if (action !== 'start' && action !== 'stop') {
      throw new ApiError(400, `invalid action ${JSON.stringify(action)}`);
    }
    if (names.length === 0) throw new ApiError(400, `must specify checks for ${action} action`);
    const missing = names.filter((n) => !this.#checks.has(n));
    if (missing.length > 0) {
      throw new ApiError(
        400,
        `cannot ${action} checks: cannot find checks in plan: ${missing.sort().join(', ')}`,
      );
    }
    const changed: string[] = [];
    for (const name of new Set(names)) {
      const c = this.#checks.get(name);
      if (!c) continue;
      const active = c.changeId !== undefined;
      if (action === 'start' && !active) {
        this.#start(c, 'perform-check');
        changed.push(name);
      } else if (action === 'stop' && active) {
        this.#stop(c);
        changed.push(name);
      }
    }
    return changed.sort();
  }

  /** Replan: start every enabled check that is inactive. */
  replan(): void {
    for (const c of this.#checks.values()) {
      if (c.changeId === undefined && c.config.startup !== 'disabled')
        this.#start(c, 'perform-check');
    }
  }

  /** `POST /v1/checks/refresh`: runs the probe once now. */
  async refresh(name: string): Promise<Record<string, unknown>> {
    const c = this.#checks.get(name);
    if (!c) throw new ApiError(404, `cannot find check with name ${JSON.stringify(name)}`);
    try {
      await runProbe(c.config, this.#contextService(c.config));
      return { info: this.info(c) };
    } catch (err) {
      return { info: this.info(c), error: errorMessage(err) };
    }
  }

  /** Stops every check (daemon shutdown). */
  stopAll(): void {
    for (const c of this.#checks.values()) this.#stop(c);
  }
}
