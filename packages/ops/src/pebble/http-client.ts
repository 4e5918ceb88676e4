/**
 * @module {@link PebbleClient} over Pebble's HTTP API on a unix socket — the client every
 * `Container` uses under Juju and under Charmkit. Speaks exactly what ops' Python client
 * sends (pebble-api.md §1), so it works against real Pebble and `@charmkit/pebble` alike.
 */
import type * as YamlTypes from 'yaml';
import { str } from '../json-fields.ts';
import type { PebbleClient, ServiceActionOptions } from './client.ts';
import {
  PebbleApiError,
  PebbleChangeError,
  PebblePathError,
  PebbleProtocolError,
  PebbleTimeoutError,
} from './errors.ts';
import { execRequestBody } from './exec-request.ts';
import { encodePush } from './multipart.ts';
import { decodeEnvelope, send } from './transport.ts';
import type { Envelope, Query } from './transport.ts';
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
  SystemInfo,
} from './types.ts';
import {
  changeFromWire,
  checkFromWire,
  fileFromWire,
  formatDuration,
  noticeFromWire,
  ownershipWire,
  permissionsText,
  serviceFromWire,
} from './wire.ts';

export interface PebbleHttpClientOptions {
  readonly socketPath: string;
  /** Per-request socket timeout; default 5 s like ops. Long waits are split into chunks. */
  readonly timeoutMs?: number;
}

type Wire = Record<string, unknown>;
const DEFAULT_CHANGE_TIMEOUT_MS = 30_000;

export class PebbleHttpClient implements PebbleClient {
  readonly socketPath: string;
  readonly #timeoutMs: number;

  constructor(options: PebbleHttpClientOptions) {
    this.socketPath = options.socketPath;
    this.#timeoutMs = options.timeoutMs ?? 5000;
  }

  async #request(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: unknown; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Envelope> {
    const res = await send(this.socketPath, {
      method,
      path,
      query: options.query,
      ...(options.body === undefined
        ? {}
        : {
            body: JSON.stringify(options.body),
            headers: { 'Content-Type': 'application/json' },
          }),
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      signal: options.signal,
    });
    return decodeEnvelope(res);
  }

  async getSystemInfo(): Promise<SystemInfo> {
    const w = (await this.#request('GET', '/v1/system-info')).result as Wire;
    return {
      version: str(w.version),
      ...(typeof w['boot-id'] === 'string' ? { bootId: w['boot-id'] } : {}),
      ...(typeof w['http-address'] === 'string' ? { httpAddress: w['http-address'] } : {}),
    };
  }

  async getPlan(): Promise<Plan> {
    const env = await this.#request('GET', '/v1/plan', { query: { format: 'yaml' } });
    const plan = ((await yamlModule()).parse(str(env.result)) ?? {}) as Partial<Plan>;
    return {
      services: plan.services ?? {},
      checks: plan.checks ?? {},
      'log-targets': plan['log-targets'] ?? {},
    };
  }

  async addLayer(
    label: string,
    layer: LayerSpec | string,
    options: { readonly combine?: boolean } = {},
  ): Promise<void> {
    const text = typeof layer === 'string' ? layer : (await yamlModule()).stringify(layer);
    await this.#request('POST', '/v1/layers', {
      body: {
        action: 'add',
        combine: options.combine ?? false,
        label,
        format: 'yaml',
        layer: text,
      },
    });
  }

  async getServices(names?: readonly string[]): Promise<ServiceInfo[]> {
    const query = names?.length ? { names: names.join(',') } : undefined;
    const result = (await this.#request('GET', '/v1/services', { query })).result as Wire[];
    return (result ?? []).map(serviceFromWire);
  }

  async #servicesAction(
    action: string,
    services: readonly string[],
    options: ServiceActionOptions = {},
  ): Promise<Change> {
    const env = await this.#request('POST', '/v1/services', { body: { action, services } });
    if (!env.change) throw new PebbleProtocolError(`services ${action} returned no change id`);
    const change = await this.waitChange(env.change, options);
    if (change.err) throw new PebbleChangeError(change);
    return change;
  }

  startServices(names: readonly string[], options?: ServiceActionOptions): Promise<Change> {
    return this.#servicesAction('start', names, options);
  }

  stopServices(names: readonly string[], options?: ServiceActionOptions): Promise<Change> {
    return this.#servicesAction('stop', names, options);
  }

  restartServices(names: readonly string[], options?: ServiceActionOptions): Promise<Change> {
    return this.#servicesAction('restart', names, options);
  }

  autostartServices(options?: ServiceActionOptions): Promise<Change> {
    return this.#servicesAction('autostart', [], options);
  }

  replanServices(options?: ServiceActionOptions): Promise<Change> {
    return this.#servicesAction('replan', [], options);
  }

  async sendSignal(signal: string, services: readonly string[]): Promise<void> {
    await this.#request('POST', '/v1/signals', { body: { signal, services } });
  }

  async getChecks(
    filter: { readonly level?: CheckLevel; readonly names?: readonly string[] } = {},
  ): Promise<CheckInfo[]> {
    const query = { level: filter.level, names: filter.names };
    const result = (await this.#request('GET', '/v1/checks', { query })).result as Wire[];
    return (result ?? []).map(checkFromWire);
  }

  async #checksAction(action: 'start' | 'stop', checks: readonly string[]): Promise<string[]> {
    const env = await this.#request('POST', '/v1/checks', { body: { action, checks } });
    return ((env.result as Wire | undefined)?.changed ?? []) as string[];
  }

  startChecks(names: readonly string[]): Promise<string[]> {
    return this.#checksAction('start', names);
  }

  stopChecks(names: readonly string[]): Promise<string[]> {
    return this.#checksAction('stop', names);
  }

  async health(
    filter: { readonly level?: CheckLevel; readonly names?: readonly string[] } = {},
  ): Promise<boolean> {
    const query = { level: filter.level, names: filter.names?.join(',') };
    try {
      const env = await this.#request('GET', '/v1/health', { query });
      return (env.result as Wire | undefined)?.healthy === true;
    } catch (error) {
      // Unhealthy is a 502 with a sync envelope, not a failure of the call.
      if (error instanceof PebbleApiError && error.statusCode === 502) return false;
      throw error;
    }
  }

  async getChanges(
    filter: { readonly select?: 'in-progress' | 'ready' | 'all'; readonly service?: string } = {},
  ): Promise<Change[]> {
    const query = { select: filter.select, for: filter.service };
    const result = (await this.#request('GET', '/v1/changes', { query })).result as Wire[];
    return (result ?? []).map(changeFromWire);
  }

  async getChange(id: string): Promise<Change> {
    return changeFromWire((await this.#request('GET', `/v1/changes/${id}`)).result as Wire);
  }

  /** Long-polls `/wait` in slices shorter than the socket timeout until ready or the deadline. */
  async waitChange(id: string, options: ServiceActionOptions = {}): Promise<Change> {
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_CHANGE_TIMEOUT_MS);
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new PebbleTimeoutError(`timed out waiting for change ${id}`);
      }
      const slice = Math.max(1, Math.min(remaining, this.#timeoutMs - 1000));
      try {
        const env = await this.#request('GET', `/v1/changes/${id}/wait`, {
          query: { timeout: formatDuration(slice) },
          timeoutMs: slice + this.#timeoutMs,
          signal: options.signal,
        });
        const change = changeFromWire(env.result as Wire);
        if (change.ready) return change;
      } catch (error) {
        if (!(error instanceof PebbleApiError && error.statusCode === 504)) throw error;
      }
    }
  }

  async abortChange(id: string): Promise<Change> {
    const env = await this.#request('POST', `/v1/changes/${id}`, { body: { action: 'abort' } });
    return changeFromWire(env.result as Wire);
  }

  async push(path: string, content: string | Uint8Array, options: PushOptions = {}): Promise<void> {
    const request = {
      action: 'write',
      files: [
        {
          path,
          ...(options.makeDirs ? { 'make-dirs': true } : {}),
          ...(options.permissions === undefined
            ? {}
            : { permissions: permissionsText(options.permissions) }),
          ...ownershipWire(options),
        },
      ],
    };
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    const { contentType, body } = encodePush(request, new Map([[path, bytes]]));
    const res = await send(this.socketPath, {
      method: 'POST',
      path: '/v1/files',
      headers: { 'Content-Type': contentType },
      body,
      timeoutMs: this.#timeoutMs,
    });
    raiseItemErrors(decodeEnvelope(res).result);
  }

  async pull(path: string): Promise<Uint8Array> {
    const res = await send(this.socketPath, {
      method: 'GET',
      path: '/v1/files',
      query: { action: 'read', path },
      headers: { Accept: 'multipart/form-data' },
      timeoutMs: this.#timeoutMs,
    });
    const contentType = res.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      decodeEnvelope(res); // throws the API error Pebble sent
      throw new PebbleProtocolError(`expected a multipart pull response, got "${contentType}"`);
    }
    const { decodePull } = await import('./pull-response.ts');
    const { files, response } = await decodePull(contentType, res.body);
    raiseItemErrors(response.result);
    const content = files.get(path);
    if (!content) throw new PebbleProtocolError(`pull response has no content for ${path}`);
    return content;
  }

  async listFiles(
    path: string,
    options: { readonly pattern?: string; readonly itself?: boolean } = {},
  ): Promise<FileInfo[]> {
    const query = {
      action: 'list',
      path,
      pattern: options.pattern,
      itself: options.itself ? 'true' : undefined,
    };
    const result = (await this.#request('GET', '/v1/files', { query })).result as Wire[];
    return (result ?? []).map(fileFromWire);
  }

  async makeDir(path: string, options: MakeDirOptions = {}): Promise<void> {
    const dir = {
      path,
      ...(options.makeParents ? { 'make-parents': true } : {}),
      ...(options.permissions === undefined
        ? {}
        : { permissions: permissionsText(options.permissions) }),
      ...ownershipWire(options),
    };
    const env = await this.#request('POST', '/v1/files', {
      body: { action: 'make-dirs', dirs: [dir] },
    });
    raiseItemErrors(env.result);
  }

  async removePath(path: string, options: { readonly recursive?: boolean } = {}): Promise<void> {
    const item = { path, ...(options.recursive ? { recursive: true } : {}) };
    const env = await this.#request('POST', '/v1/files', {
      body: { action: 'remove', paths: [item] },
    });
    raiseItemErrors(env.result);
  }

  async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const env = await this.#request('POST', '/v1/exec', {
      body: execRequestBody(command, options),
    });
    const taskId = (env.result as Wire | undefined)?.['task-id'];
    if (!env.change || typeof taskId !== 'string') {
      throw new PebbleProtocolError('exec response has no change or task id');
    }
    const { runExecStreams } = await import('./exec.ts');
    const streams = await runExecStreams(
      this.socketPath,
      { changeId: env.change, taskId },
      options,
    );
    const change = await this.waitChange(env.change, {
      timeoutMs: options.timeoutMs === undefined ? 24 * 3_600_000 : options.timeoutMs + 1000,
    });
    if (change.err) throw new PebbleChangeError(change);
    const exitCode = change.tasks[0]?.data['exit-code'];
    return {
      exitCode: typeof exitCode === 'number' ? exitCode : -1,
      stdout: streams.stdout.toString('utf8'),
      stderr: streams.stderr.toString('utf8'),
    };
  }

  async notify(
    key: string,
    options: {
      readonly data?: Readonly<Record<string, string>>;
      readonly repeatAfterMs?: number;
    } = {},
  ): Promise<string> {
    const body = {
      action: 'add',
      type: 'custom',
      key,
      ...(options.data ? { data: options.data } : {}),
      ...(options.repeatAfterMs === undefined
        ? {}
        : { 'repeat-after': formatDuration(options.repeatAfterMs) }),
    };
    const env = await this.#request('POST', '/v1/notices', { body });
    return String((env.result as Wire).id);
  }

  async getNotice(id: string): Promise<Notice> {
    return noticeFromWire((await this.#request('GET', `/v1/notices/${id}`)).result as Wire);
  }

  async getNotices(query: NoticesQuery = {}): Promise<Notice[]> {
    const params = {
      types: query.types,
      keys: query.keys,
      after: typeof query.after === 'string' ? query.after : query.after?.toISOString(),
      'user-id': query.userId === undefined ? undefined : String(query.userId),
      users: query.allUsers ? 'all' : undefined,
      timeout: query.timeoutMs === undefined ? undefined : formatDuration(query.timeoutMs),
    };
    const env = await this.#request('GET', '/v1/notices', {
      query: params,
      timeoutMs: (query.timeoutMs ?? 0) + this.#timeoutMs,
    });
    return ((env.result ?? []) as Wire[]).map(noticeFromWire);
  }

  async getLogs(
    options: { readonly services?: readonly string[]; readonly n?: number } = {},
  ): Promise<LogEntry[]> {
    const res = await send(this.socketPath, {
      method: 'GET',
      path: '/v1/logs',
      query: {
        services: options.services?.join(','),
        n: options.n === undefined ? undefined : String(options.n),
      },
      timeoutMs: this.#timeoutMs,
    });
    if (res.statusCode !== 200) decodeEnvelope(res);
    return res.body
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const w = JSON.parse(line) as Wire;
        return {
          time: new Date(String(w.time)),
          service: String(w.service),
          message: String(w.message),
        };
      });
  }
}

type YamlModule = Pick<typeof YamlTypes, 'parse' | 'stringify'>;

/**
 * The `yaml` package, loaded on first use. Bundlers may hand a CommonJS module to a dynamic
 * import as `{ default }`; accept both shapes.
 */
async function yamlModule(): Promise<YamlModule> {
  const loaded = await import('yaml');
  // Typed as always having both shapes; at run time only one of them may be real.
  const candidate = loaded as Partial<YamlModule>;
  return typeof candidate.stringify === 'function' ? loaded : loaded.default;
}

/** Raises the first per-item error of a files response (`[{path, error?}]`). */
function raiseItemErrors(result: unknown): void {
  for (const item of (result ?? []) as Wire[]) {
    const error = item.error as { message?: string; kind?: string } | undefined;
    if (error) {
      throw new PebblePathError(String(item.path), {
        message: String(error.message ?? 'file operation failed'),
        ...(error.kind ? { kind: error.kind } : {}),
      });
    }
  }
}
