/**
 * @module The service manager (pebble-api.md §3): service status for the API, changes for
 * start/stop/restart/autostart/replan with one task per service, signals, check failures.
 */
import { isDeepStrictEqual } from 'node:util';
import { ApiError } from '../errors.ts';
import { startOrder, stopOrder } from '../plan/order.ts';
import type { PlanManager } from '../plan/plan-manager.ts';
import type { Service } from '../plan/types.ts';
import type { Change, Task } from '../state/change.ts';
import type { State } from '../state/state.ts';
import type { TaskHandler, TaskRunner } from '../state/task-runner.ts';
import { formatTime } from '../util/timestamp.ts';
import { LogStore } from './log-buffer.ts';
import { ServiceProcess } from './service-process.ts';

export type ServiceAction = 'start' | 'stop' | 'restart' | 'autostart' | 'replan';

/** Dependencies of the service manager. */
export interface ServiceManagerDeps {
  readonly state: State;
  readonly runner: TaskRunner;
  readonly plans: PlanManager;
  readonly shutdown: (code: number) => void;
  /** Called on `replan` so that inactive enabled checks start too. */
  readonly onReplan?: () => void;
}

interface Selection {
  readonly stopNames: string[];
  readonly startNames: string[];
  readonly requested: string[];
}

interface Planned {
  readonly change: Change;
  readonly handlers: Map<string, TaskHandler>;
}

function title(action: string): string {
  return action.charAt(0).toUpperCase() + action.slice(1);
}

function summary(action: string, names: readonly string[]): string {
  if (names.length === 0) return `${title(action)} - no services`;
  const first = `${title(action)} service ${JSON.stringify(names[0])}`;
  return names.length === 1 ? first : `${first} and ${names.length - 1} more`;
}

/** Tracks service processes and turns API actions into changes. */
export class ServiceManager {
  readonly #deps: ServiceManagerDeps;
  readonly #services = new Map<string, ServiceProcess>();
  readonly logs = new LogStore();

  constructor(deps: ServiceManagerDeps) {
    this.#deps = deps;
  }

  #process(name: string, config: Service): ServiceProcess {
    let svc = this.#services.get(name);
    if (!svc) {
      svc = new ServiceProcess(name, config, {
        log: this.logs.forService(name),
        shutdown: (code) => this.#deps.shutdown(code),
      });
      this.#services.set(name, svc);
    }
    return svc;
  }

  /** `GET /v1/services` entries, sorted by name, filtered by `names` when non-empty. */
  list(names: readonly string[]): Record<string, unknown>[] {
    const plan = this.#deps.plans.plan;
    return Object.keys(plan.services)
      .filter((n) => names.length === 0 || names.includes(n))
      .sort()
      .map((name) => {
        const svc = this.#services.get(name);
        const out: Record<string, unknown> = {
          name,
          startup: plan.services[name]?.startup === 'enabled' ? 'enabled' : 'disabled',
          current: svc && svc.state !== 'initial' ? svc.apiStatus : 'inactive',
        };
        if (svc?.currentSince !== undefined) out['current-since'] = formatTime(svc.currentSince);
        return out;
      });
  }

  #addTasks(
    p: Planned,
    kind: 'start' | 'stop',
    lanes: string[][],
    waitFor: readonly Task[],
  ): Task[] {
    const created: Task[] = [];
    for (const [laneIndex, lane] of lanes.entries()) {
      let previous: Task | undefined;
      for (const name of lane) {
        const task = this.#deps.state.newTask(p.change, {
          kind,
          summary: `${title(kind)} service ${JSON.stringify(name)}`,
          lane: laneIndex + 1,
        });
        task.waitFor = [...waitFor.map((t) => t.id), ...(previous ? [previous.id] : [])];
        p.handlers.set(
          task.id,
          kind === 'start' ? this.#startHandler(name) : this.#stopHandler(name),
        );
        created.push(task);
        previous = task;
      }
    }
    return created;
  }

  #startHandler(name: string): TaskHandler {
    return async (_task, ctx) => {
      const config = this.#deps.plans.plan.services[name];
      if (!config) throw new Error(`service ${JSON.stringify(name)} does not exist`);
      await this.#process(name, config).start(structuredClone(config), ctx.log);
    };
  }

  #stopHandler(name: string): TaskHandler {
    return async (_task, ctx) => {
      const svc = this.#services.get(name);
      if (!svc) {
        ctx.log(`Service ${JSON.stringify(name)} has never been started.`);
        return;
      }
      await svc.stop(ctx.log);
    };
  }

  #changedServices(): string[] {
    const plan = this.#deps.plans.plan;
    return [...this.#services.entries()]
      .filter(([name, svc]) => {
        const config = plan.services[name];
        return config && svc.state !== 'initial' && !isDeepStrictEqual(config, svc.config);
      })
      .map(([name]) => name);
  }

  #enabled(): string[] {
    const plan = this.#deps.plans.plan;
    return Object.keys(plan.services).filter((n) => plan.services[n]?.startup === 'enabled');
  }

  /** Which services an action stops and starts, validating the request (pebble-api.md §3.4). */
  #select(action: string, names: readonly string[]): Selection {
    switch (action) {
      case 'start':
      case 'stop':
      case 'restart':
        if (names.length === 0) {
          throw new ApiError(400, `must specify services for ${action} action`);
        }
        return {
          stopNames: action === 'start' ? [] : [...names],
          startNames: action === 'stop' ? [] : [...names],
          requested: [...names],
        };
      case 'autostart':
      case 'replan': {
        if (names.length > 0) throw new ApiError(400, `${action} accepts no service names`);
        const enabled = this.#enabled();
        if (action === 'autostart' && enabled.length === 0) {
          throw new ApiError(400, 'no default services', 'no-default-services');
        }
        const stopNames = action === 'replan' ? this.#changedServices() : [];
        if (action === 'replan') this.#deps.onReplan?.();
        const startNames = [...new Set([...stopNames, ...enabled])];
        return { stopNames, startNames, requested: [...startNames].sort() };
      }
      default:
        throw new ApiError(400, `invalid action ${JSON.stringify(action)}`);
    }
  }

  /** Creates and runs the change for a `POST /v1/services` action; returns it. */
  act(action: string, names: readonly string[]): Change {
    const plan = this.#deps.plans.plan;
    const { stopNames, startNames, requested } = this.#select(action, names);
    const verb = action === 'autostart' || action === 'replan' ? 'start' : action;
    const stopLanes = stopNames.length > 0 ? stopOrder(plan, stopNames, verb) : [];
    const startLanes = startNames.length > 0 ? startOrder(plan, startNames, verb) : [];
    const filteredStop =
      action === 'restart' || action === 'replan'
        ? stopLanes.map((l) => l.filter((n) => stopNames.includes(n))).filter((l) => l.length > 0)
        : stopLanes;
    const summaryNames = action === 'replan' ? startLanes.flat() : requested;
    return this.#createChange(action, summaryNames, requested, [filteredStop, startLanes]);
  }

  #createChange(
    action: string,
    summaryNames: readonly string[],
    requested: readonly string[],
    [stopLanes, startLanes]: [string[][], string[][]],
  ): Change {
    const change = this.#deps.state.newChange({
      kind: action,
      summary: summary(action, summaryNames),
      data: { 'service-names': [...requested] },
    });
    const p: Planned = { change, handlers: new Map() };
    const stops = this.#addTasks(p, 'stop', stopLanes, []);
    this.#addTasks(p, 'start', startLanes, stops);
    if (change.tasks.length === 0) change.explicitStatus = 'Done';
    this.#deps.runner.run(change, p.handlers);
    return change;
  }

  /** Sends a signal to each named service's main process (pebble-api.md §3.7). */
  signal(signal: string, names: readonly string[]): void {
    const errors: string[] = [];
    if (!/^SIG[A-Z0-9]+$/.test(signal)) {
      throw new ApiError(500, `invalid signal name ${JSON.stringify(signal)}`);
    }
    for (const name of names) {
      const svc = this.#services.get(name);
      try {
        if (!svc)
          throw new Error(`cannot send signal to ${JSON.stringify(name)}: service is not running`);
        svc.signal(signal as NodeJS.Signals);
      } catch (err) {
        const message = (err as Error).message;
        errors.push(
          message.startsWith('cannot send')
            ? message
            : `invalid signal name ${JSON.stringify(signal)}`,
        );
      }
    }
    if (errors.length > 0) throw new ApiError(500, errors.join('; '));
  }

  /** Reacts to a check reaching its failure threshold (pebble-api.md §3.6). */
  checkFailed(checkName: string): void {
    for (const [name, config] of Object.entries(this.#deps.plans.plan.services)) {
      const action = config['on-check-failure']?.[checkName];
      const svc = this.#services.get(name);
      if (!action || !svc || !['running', 'starting', 'backoff', 'exited'].includes(svc.state))
        continue;
      if (action === 'shutdown') this.#deps.shutdown(11);
      else if (action === 'success-shutdown') this.#deps.shutdown(0);
      else if (action === 'restart') svc.restartForCheck();
    }
  }

  /** Service config for exec/check service-context (pebble-api.md §2.5). */
  serviceConfig(name: string): Service | undefined {
    return this.#deps.plans.plan.services[name];
  }

  /** Stops every service (daemon shutdown); resolves when all processes are gone. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#services.values()].map((svc) => svc.shutdown()));
  }
}
