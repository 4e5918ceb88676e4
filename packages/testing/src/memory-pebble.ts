/**
 * @module An in-memory Pebble for one container of the unit under test: layers and plan,
 * service states, checks, a virtual filesystem, canned exec answers and notices. It
 * behaves like the real API where a charm can tell (errors, merge rules, replan restarts
 * what changed) and records what the charm did for assertions.
 */
import type { PebbleClient } from '@charmkit/ops/pebble';
import { PebbleApiError, PebbleChangeError, PebbleConnectionError } from '@charmkit/ops/pebble';
import type {
  Change,
  CheckInfo,
  CheckLevel,
  ExecOptions,
  ExecResult,
  FileInfo,
  LayerSpec,
  LogEntry,
  MakeDirOptions,
  Notice,
  NoticesQuery,
  Plan,
  PushOptions,
  ServiceInfo,
  ServiceStatus,
  SystemInfo,
} from '@charmkit/ops/pebble';
import { parse as parseYaml } from 'yaml';
import type { ContainerState, ExecResponse, NoticeState } from './components.ts';
import { combineLayers, LayerError } from './layers.ts';
import { MemoryFilesystem } from './memory-fs.ts';

/** One signal the charm sent to a service, for `ctx.signalHistory`. */
export interface SignalRecord {
  readonly signal: string;
  readonly service: string;
}

/** One command the charm ran, for `ctx.execHistory`. */
export interface ExecRecord {
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly stdin?: string;
}

export class MemoryPebble implements PebbleClient {
  readonly name: string;
  readonly #canConnect: boolean;
  readonly #layers: Map<string, LayerSpec>;
  readonly #statuses: Map<string, ServiceStatus>;
  /** The service spec each running service was started with, to know what replan restarts. */
  readonly #startedWith = new Map<string, string>();
  readonly #fs: MemoryFilesystem;
  readonly #execs: readonly ExecResponse[];
  readonly #notices: NoticeState[];
  readonly #checks: ContainerState['checks'];
  readonly #execLog: ExecRecord[];
  readonly #signalLog: SignalRecord[];
  #changeId = 0;

  constructor(state: ContainerState, execLog: ExecRecord[], signalLog: SignalRecord[] = []) {
    this.name = state.name;
    this.#canConnect = state.canConnect;
    this.#layers = new Map(Object.entries(structuredClone(state.layers)));
    this.#statuses = new Map(Object.entries(state.serviceStatuses));
    const plan = this.#planOrEmpty();
    for (const [name, status] of this.#statuses) {
      if (status === 'active') this.#startedWith.set(name, JSON.stringify(plan.services[name]));
    }
    this.#fs = new MemoryFilesystem(state.files, state.directories);
    this.#execs = state.execs;
    this.#notices = [...state.notices];
    this.#checks = state.checks;
    this.#execLog = execLog;
    this.#signalLog = signalLog;
  }

  /** The container as it is now, for the output state. */
  snapshot(): ContainerState {
    return Object.freeze({
      name: this.name,
      canConnect: this.#canConnect,
      layers: Object.fromEntries(this.#layers),
      serviceStatuses: Object.fromEntries(this.#statuses),
      files: Object.fromEntries(this.#fs.files),
      directories: [...this.#fs.directories].sort(),
      execs: this.#execs,
      notices: [...this.#notices],
      checks: this.#checks,
    });
  }

  #connected(): void {
    if (!this.#canConnect) {
      throw new PebbleConnectionError(
        `/charm/containers/${this.name}/pebble.socket`,
        new Error('connect ENOENT (the state says canConnect: false)'),
      );
    }
  }

  #planOrEmpty(): Plan {
    return combineLayers('', [...this.#layers.values()]);
  }

  #change(kind: string, summary: string, err?: string): Change {
    const now = new Date();
    const change: Change = {
      id: String(++this.#changeId),
      kind,
      summary,
      status: err ? 'Error' : 'Done',
      tasks: [],
      ready: true,
      ...(err ? { err } : {}),
      spawnTime: now,
      readyTime: now,
      data: {},
    };
    if (err) throw new PebbleChangeError(change);
    return change;
  }

  getSystemInfo(): Promise<SystemInfo> {
    this.#connected();
    return Promise.resolve({ version: '1.19.0', bootId: 'charmkit-testing' });
  }

  getPlan(): Promise<Plan> {
    this.#connected();
    return Promise.resolve(this.#planOrEmpty());
  }

  addLayer(
    label: string,
    layer: LayerSpec | string,
    options: { combine?: boolean } = {},
  ): Promise<void> {
    this.#connected();
    const spec = (
      typeof layer === 'string' ? parseYaml(layer) : structuredClone(layer)
    ) as LayerSpec;
    const existing = this.#layers.get(label);
    if (existing && !options.combine) throw badRequest(`layer "${label}" already exists`);
    const next = new Map(this.#layers);
    next.set(label, existing ? combineAsLayer(label, existing, spec) : spec);
    try {
      combineLayers(label, [...next.values()]);
    } catch (error) {
      if (error instanceof LayerError) throw badRequest(error.message);
      throw error;
    }
    this.#layers.set(label, next.get(label)!);
    return Promise.resolve();
  }

  getServices(names?: readonly string[]): Promise<ServiceInfo[]> {
    this.#connected();
    const plan = this.#planOrEmpty();
    return Promise.resolve(
      Object.entries(plan.services)
        .filter(([name]) => !names?.length || names.includes(name))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, spec]) => ({
          name,
          startup: spec.startup === 'enabled' ? 'enabled' : 'disabled',
          current: this.#statuses.get(name) ?? 'inactive',
        })),
    );
  }

  #requireServices(names: readonly string[], verb: string): Plan {
    const plan = this.#planOrEmpty();
    for (const name of names) {
      if (!(name in plan.services))
        throw badRequest(`cannot ${verb} services: service "${name}" does not exist`);
    }
    return plan;
  }

  #start(plan: Plan, name: string): void {
    this.#statuses.set(name, 'active');
    this.#startedWith.set(name, JSON.stringify(plan.services[name]));
  }

  startServices(names: readonly string[]): Promise<Change> {
    this.#connected();
    const plan = this.#requireServices(names, 'start');
    for (const name of names) if (this.#statuses.get(name) !== 'active') this.#start(plan, name);
    return Promise.resolve(this.#change('start', `Start service ${quoteList(names)}`));
  }

  stopServices(names: readonly string[]): Promise<Change> {
    this.#connected();
    this.#requireServices(names, 'stop');
    for (const name of names) {
      this.#statuses.set(name, 'inactive');
      this.#startedWith.delete(name);
    }
    return Promise.resolve(this.#change('stop', `Stop service ${quoteList(names)}`));
  }

  restartServices(names: readonly string[]): Promise<Change> {
    this.#connected();
    const plan = this.#requireServices(names, 'restart');
    for (const name of names) this.#start(plan, name);
    return Promise.resolve(this.#change('restart', `Restart service ${quoteList(names)}`));
  }

  autostartServices(): Promise<Change> {
    this.#connected();
    const plan = this.#planOrEmpty();
    const enabled = Object.keys(plan.services).filter(
      (n) => plan.services[n]?.startup === 'enabled',
    );
    if (enabled.length === 0) {
      return Promise.reject(badRequest('no default services', 'no-default-services'));
    }
    for (const name of enabled) if (this.#statuses.get(name) !== 'active') this.#start(plan, name);
    return Promise.resolve(this.#change('autostart', 'Autostart service(s)'));
  }

  /** Starts enabled services that are not running and restarts those whose spec changed. */
  replanServices(): Promise<Change> {
    this.#connected();
    const plan = this.#planOrEmpty();
    for (const [name, spec] of Object.entries(plan.services)) {
      const running = this.#statuses.get(name) === 'active';
      const changed = running && this.#startedWith.get(name) !== JSON.stringify(spec);
      if ((spec.startup === 'enabled' && !running) || changed) this.#start(plan, name);
    }
    return Promise.resolve(this.#change('replan', 'Replan service(s)'));
  }

  sendSignal(signal: string, services: readonly string[]): Promise<void> {
    this.#connected();
    for (const name of services) {
      if (this.#statuses.get(name) !== 'active') {
        return Promise.reject(
          new PebbleApiError(`cannot send signal to "${name}": service is not running`, {
            statusCode: 500,
            status: 'Internal Server Error',
          }),
        );
      }
    }
    for (const name of services) this.#signalLog.push({ signal, service: name });
    return Promise.resolve();
  }

  getChecks(filter: { level?: CheckLevel; names?: readonly string[] } = {}): Promise<CheckInfo[]> {
    this.#connected();
    const plan = this.#planOrEmpty();
    const infos = Object.entries(plan.checks).map(([name, spec]): CheckInfo => {
      const given = this.#checks[name] ?? {};
      return {
        name,
        ...(spec.level ? { level: spec.level } : {}),
        startup: spec.startup ?? 'enabled',
        status: 'up',
        successes: 0,
        failures: 0,
        threshold: spec.threshold ?? 3,
        ...given,
      };
    });
    return Promise.resolve(
      infos
        .filter(
          (c) =>
            (!filter.level || c.level === filter.level) &&
            (!filter.names?.length || filter.names.includes(c.name)),
        )
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  }

  startChecks(names: readonly string[]): Promise<string[]> {
    this.#connected();
    return Promise.resolve([...names].sort());
  }

  stopChecks(names: readonly string[]): Promise<string[]> {
    this.#connected();
    return Promise.resolve([...names].sort());
  }

  async health(filter: { level?: CheckLevel; names?: readonly string[] } = {}): Promise<boolean> {
    return (await this.getChecks(filter)).every((c) => c.status !== 'down');
  }

  getChanges(): Promise<Change[]> {
    this.#connected();
    return Promise.resolve([]);
  }

  getChange(id: string): Promise<Change> {
    this.#connected();
    return Promise.reject(notFoundError(`cannot find change with id "${id}"`));
  }

  waitChange(id: string): Promise<Change> {
    return this.getChange(id);
  }

  abortChange(id: string): Promise<Change> {
    return this.getChange(id);
  }

  push(path: string, content: string | Uint8Array, options?: PushOptions): Promise<void> {
    this.#connected();
    this.#fs.write(path, typeof content === 'string' ? Buffer.from(content) : content, options);
    return Promise.resolve();
  }

  pull(path: string): Promise<Uint8Array> {
    this.#connected();
    return Promise.resolve(this.#fs.read(path));
  }

  listFiles(path: string, options?: { pattern?: string; itself?: boolean }): Promise<FileInfo[]> {
    this.#connected();
    try {
      return Promise.resolve(this.#fs.list(path, options));
    } catch (error) {
      // Listing reports errors as an API error (404 for a missing path), not per item.
      const e = error as { kind?: string; message: string };
      return Promise.reject(
        e.kind === 'not-found'
          ? notFoundError(e.message)
          : badRequest(e.message, 'generic-file-error'),
      );
    }
  }

  makeDir(path: string, options?: MakeDirOptions): Promise<void> {
    this.#connected();
    this.#fs.makeDir(path, options);
    return Promise.resolve();
  }

  removePath(path: string, options?: { recursive?: boolean }): Promise<void> {
    this.#connected();
    this.#fs.remove(path, options);
    return Promise.resolve();
  }

  /** Answers from the state's `execs`: the longest matching command prefix wins. */
  exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.#connected();
    this.#execLog.push({
      command: [...command],
      environment: { ...options.environment },
      ...(options.workingDir === undefined ? {} : { workingDir: options.workingDir }),
      ...(options.stdin === undefined
        ? {}
        : { stdin: Buffer.from(options.stdin).toString('utf8') }),
    });
    const match = this.#execs
      .filter((e) => e.command.every((part, i) => command[i] === part))
      .sort((a, b) => b.command.length - a.command.length)[0];
    if (!match) {
      return Promise.reject(
        new Error(
          `container "${this.name}" has no exec answer for ${JSON.stringify(command)}: ` +
            `add one to the test state, e.g. container('${this.name}', { execs: [{ command: ${JSON.stringify(command.slice(0, 1))}, stdout: '…' }] })`,
        ),
      );
    }
    const stdout = match.stdout ?? '';
    const stderr = match.stderr ?? '';
    return Promise.resolve({
      exitCode: match.exitCode ?? 0,
      stdout: options.combineStderr ? stdout + stderr : stdout,
      stderr: options.combineStderr ? '' : stderr,
    });
  }

  notify(key: string, options: { data?: Readonly<Record<string, string>> } = {}): Promise<string> {
    this.#connected();
    const now = new Date();
    const existing = this.#notices.findIndex((n) => n.type === 'custom' && n.key === key);
    const prior = this.#notices[existing];
    const notice: NoticeState = prior
      ? {
          ...prior,
          occurrences: prior.occurrences + 1,
          lastData: { ...options.data },
          lastOccurred: now,
        }
      : {
          id: String(this.#notices.length + 1),
          type: 'custom',
          key,
          occurrences: 1,
          lastData: { ...options.data },
          firstOccurred: now,
          lastOccurred: now,
        };
    if (prior) this.#notices[existing] = notice;
    else this.#notices.push(notice);
    return Promise.resolve(notice.id);
  }

  async getNotice(id: string): Promise<Notice> {
    const notice = (await this.getNotices()).find((n) => n.id === id);
    if (!notice) throw notFoundError(`cannot find notice with ID "${id}"`);
    return notice;
  }

  getNotices(query: NoticesQuery = {}): Promise<Notice[]> {
    this.#connected();
    return Promise.resolve(
      this.#notices
        .filter(
          (n) =>
            (!query.types?.length || query.types.includes(n.type)) &&
            (!query.keys?.length || query.keys.includes(n.key)),
        )
        .map((n) => ({
          id: n.id,
          userId: 0,
          type: n.type,
          key: n.key,
          firstOccurred: n.firstOccurred,
          lastOccurred: n.lastOccurred,
          lastRepeated: n.lastOccurred,
          cursor: n.lastOccurred.toISOString(),
          occurrences: n.occurrences,
          lastData: n.lastData,
        })),
    );
  }

  getLogs(): Promise<LogEntry[]> {
    this.#connected();
    return Promise.resolve([]);
  }
}

/** `combine: true` onto an existing layer: the layer becomes the two combined. */
function combineAsLayer(label: string, base: LayerSpec, next: LayerSpec): LayerSpec {
  const plan = combineLayers(label, [base, next]);
  return {
    ...base,
    ...(next.summary ? { summary: next.summary } : {}),
    ...(next.description ? { description: next.description } : {}),
    services: plan.services,
    checks: plan.checks,
    'log-targets': plan['log-targets'],
  };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function badRequest(message: string, kind?: string): PebbleApiError {
  return new PebbleApiError(message, {
    statusCode: 400,
    status: 'Bad Request',
    ...(kind ? { kind } : {}),
  });
}

function notFoundError(message: string): PebbleApiError {
  return new PebbleApiError(message, { statusCode: 404, status: 'Not Found', kind: 'not-found' });
}
