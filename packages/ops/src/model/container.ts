/**
 * @module One workload container as the charm sees it: a friendly API over its Pebble
 * (ops' `Container`). Every call goes to Pebble; nothing is cached, so a reconcile always
 * acts on what is really there.
 */
import type { PebbleClient, ServiceActionOptions } from '../pebble/client.ts';
import { PebbleConnectionError, PebbleExecError, PebblePathError } from '../pebble/errors.ts';
import type {
  Change,
  CheckInfo,
  CheckLevel,
  ExecOptions,
  ExecResult,
  FileInfo,
  LayerSpec,
  MakeDirOptions,
  Notice,
  NoticesQuery,
  Plan,
  PushOptions,
  ServiceInfo,
} from '../pebble/types.ts';

export class Container {
  readonly name: string;
  /** The underlying Pebble client, for calls this class does not wrap. */
  readonly client: PebbleClient;

  constructor(name: string, client: PebbleClient) {
    this.name = name;
    this.client = client;
  }

  /**
   * Whether Pebble answers. Only connection failures count as "no": any other error is a
   * real problem and is thrown.
   */
  async canConnect(): Promise<boolean> {
    try {
      await this.client.getSystemInfo();
      return true;
    } catch (error) {
      if (error instanceof PebbleConnectionError) return false;
      throw error;
    }
  }

  /** Adds (or with `combine`, merges into) the layer `label`. */
  addLayer(label: string, layer: LayerSpec, options?: { combine?: boolean }): Promise<void> {
    return this.client.addLayer(label, layer, options);
  }

  getPlan(): Promise<Plan> {
    return this.client.getPlan();
  }

  /** Starts what should run and restarts what changed since it started. */
  replan(options?: ServiceActionOptions): Promise<Change> {
    return this.client.replanServices(options);
  }

  start(...services: string[]): Promise<Change> {
    return this.client.startServices(services);
  }

  stop(...services: string[]): Promise<Change> {
    return this.client.stopServices(services);
  }

  restart(...services: string[]): Promise<Change> {
    return this.client.restartServices(services);
  }

  /** Sends `signal` (e.g. `SIGHUP`) to the running `services`; fails if one is not running. */
  sendSignal(signal: string, ...services: string[]): Promise<void> {
    return this.client.sendSignal(signal, services);
  }

  /** Services in the plan, by name. */
  async getServices(...names: string[]): Promise<Map<string, ServiceInfo>> {
    const list = await this.client.getServices(names.length ? names : undefined);
    return new Map(list.map((s) => [s.name, s]));
  }

  /** One service, or `undefined` when the plan has no such service. */
  async getService(name: string): Promise<ServiceInfo | undefined> {
    return (await this.getServices(name)).get(name);
  }

  async getChecks(
    filter: { level?: CheckLevel; names?: readonly string[] } = {},
  ): Promise<Map<string, CheckInfo>> {
    const list = await this.client.getChecks(filter);
    return new Map(list.map((c) => [c.name, c]));
  }

  async getCheck(name: string): Promise<CheckInfo | undefined> {
    return (await this.getChecks({ names: [name] })).get(name);
  }

  push(path: string, content: string | Uint8Array, options?: PushOptions): Promise<void> {
    return this.client.push(path, content, options);
  }

  /** The file's bytes, or its text with `{ encoding: 'utf8' }`. */
  pull(path: string): Promise<Uint8Array>;
  pull(path: string, options: { encoding: 'utf8' }): Promise<string>;
  async pull(path: string, options?: { encoding: 'utf8' }): Promise<Uint8Array | string> {
    const bytes = await this.client.pull(path);
    return options?.encoding ? Buffer.from(bytes).toString('utf8') : bytes;
  }

  listFiles(path: string, options?: { pattern?: string; itself?: boolean }): Promise<FileInfo[]> {
    return this.client.listFiles(path, options);
  }

  async exists(path: string): Promise<boolean> {
    return (await this.#stat(path)) !== undefined;
  }

  async isDir(path: string): Promise<boolean> {
    return (await this.#stat(path))?.type === 'directory';
  }

  async #stat(path: string): Promise<FileInfo | undefined> {
    try {
      return (await this.client.listFiles(path, { itself: true }))[0];
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  makeDir(path: string, options?: MakeDirOptions): Promise<void> {
    return this.client.makeDir(path, options);
  }

  removePath(path: string, options?: { recursive?: boolean }): Promise<void> {
    return this.client.removePath(path, options);
  }

  /** Runs a command; a non-zero exit is returned, not thrown. */
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return this.client.exec(command, options);
  }

  /**
   * Runs a command and returns its stdout; a non-zero exit throws {@link PebbleExecError}
   * with the exit code and output.
   */
  async run(command: readonly string[], options?: ExecOptions): Promise<string> {
    const result = await this.client.exec(command, options);
    if (result.exitCode !== 0) throw new PebbleExecError(command, result);
    return result.stdout;
  }

  /** Records a custom notice; Juju turns it into a `pebble-custom-notice` event. */
  notify(key: string, data?: Readonly<Record<string, string>>): Promise<string> {
    return this.client.notify(key, data ? { data } : {});
  }

  getNotices(query?: NoticesQuery): Promise<Notice[]> {
    return this.client.getNotices(query);
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof PebblePathError) return error.kind === 'not-found';
  return (
    typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404
  );
}
