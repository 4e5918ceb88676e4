/**
 * @module The controller API client: JSON over HTTP on `<stateDir>/controller.socket`, one
 * method per route of `packages/controller/src/api/routes.ts`. The only place the CLI talks
 * to the controller; API errors keep Juju's texts and become {@link CliError}s.
 */
import { request } from 'node:http';
import { CliError } from './errors.ts';
import type { CliErrorCode } from './errors.ts';

export type ConfigValue = string | number | boolean;
export type StatusDocument = Record<string, unknown>;

/** A row of `juju status --relations`: both sides with their roles. */
export interface Integration {
  readonly id: number;
  readonly provider: string;
  readonly requirer: string;
  readonly interface: string;
  readonly type: 'regular' | 'peer' | 'subordinate';
}

export interface ModelSummary {
  readonly name: string;
  readonly uuid: string;
}

export interface ActionTask {
  readonly id: number;
  readonly unit: string;
  readonly name?: string;
  readonly status: string;
  readonly message: string;
  readonly results: Record<string, unknown>;
  readonly log: readonly string[];
  readonly enqueued: string;
  readonly started?: string;
  readonly completed?: string;
}

export interface LogEntry {
  readonly id: number;
  readonly entity: string;
  readonly level: string;
  readonly message: string;
  readonly time: string;
}

export interface DeployRequest {
  readonly charm: string;
  readonly name?: string;
  readonly numUnits?: number;
  readonly config?: Readonly<Record<string, ConfigValue>>;
  readonly resources?: Readonly<Record<string, string>>;
  readonly trust?: boolean;
}

export interface ActionRequest {
  readonly unit: string;
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

const CODES: Readonly<Record<number, CliErrorCode>> = {
  400: 'invalid',
  404: 'not-found',
  409: 'already-exists',
};

const m = (model: string): string => `/v1/models/${encodeURIComponent(model)}`;
const unitPath = (unit: string): string =>
  unit
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');

/** Talks to one controller over its unix socket. */
export class ApiClient {
  readonly socketPath: string;

  constructor(socketPath: string) {
    this.socketPath = socketPath;
  }

  /** Sends one request; resolves with the parsed JSON body. @throws {CliError} */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          method,
          path,
          headers: text === undefined ? {} : { 'Content-Type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              resolve(parseResponse<T>(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => reject(connectionError(error)));
      req.end(text);
    });
  }

  /** True when a controller answers on the socket. */
  async ping(): Promise<boolean> {
    try {
      await this.models();
      return true;
    } catch (error) {
      if (error instanceof CliError && error.code === 'not-running') return false;
      throw error;
    }
  }

  models(): Promise<ModelSummary[]> {
    return this.call('GET', '/v1/models');
  }

  createModel(name: string): Promise<ModelSummary> {
    return this.call('POST', '/v1/models', { name });
  }

  status(model: string): Promise<StatusDocument> {
    return this.call('GET', `${m(model)}/status`);
  }

  integrations(model: string): Promise<Integration[]> {
    return this.call('GET', `${m(model)}/integrations`);
  }

  deploy(model: string, deploy: DeployRequest): Promise<{ name: string; charm: string }> {
    return this.call('POST', `${m(model)}/applications`, deploy);
  }

  removeApplication(model: string, app: string): Promise<unknown> {
    return this.call('DELETE', `${m(model)}/applications/${encodeURIComponent(app)}`);
  }

  addUnits(model: string, app: string, count: number): Promise<{ units: string[] }> {
    return this.call('POST', `${m(model)}/applications/${encodeURIComponent(app)}/units`, {
      count,
    });
  }

  removeUnit(model: string, unit: string): Promise<unknown> {
    return this.call('DELETE', `${m(model)}/units/${unitPath(unit)}`);
  }

  config(model: string, app: string): Promise<Record<string, unknown>> {
    return this.call('GET', `${m(model)}/applications/${encodeURIComponent(app)}/config`);
  }

  setConfig(
    model: string,
    app: string,
    change: { values: Record<string, ConfigValue>; reset: readonly string[] },
  ): Promise<unknown> {
    return this.call('PATCH', `${m(model)}/applications/${encodeURIComponent(app)}/config`, change);
  }

  integrate(model: string, endpoints: readonly [string, string]): Promise<{ id: number }> {
    return this.call('POST', `${m(model)}/relations`, { endpoints });
  }

  removeRelation(model: string, endpoints: readonly [string, string]): Promise<unknown> {
    return this.call('POST', `${m(model)}/relations/remove`, { endpoints });
  }

  enqueueAction(model: string, action: ActionRequest): Promise<ActionTask> {
    return this.call('POST', `${m(model)}/actions`, action);
  }

  /** Waits up to `waitMs` for the task to finish; returns it either way. */
  waitAction(model: string, id: number, waitMs: number): Promise<ActionTask> {
    return this.call('GET', `${m(model)}/actions/${id}?wait=${Math.max(0, Math.round(waitMs))}`);
  }

  resolve(model: string, unit: string, retry: boolean): Promise<unknown> {
    return this.call('POST', `${m(model)}/units/${unitPath(unit)}/resolve`, { retry });
  }

  logs(model: string, page: { after: number; limit: number }): Promise<LogEntry[]> {
    return this.call('GET', `${m(model)}/logs?after=${page.after}&limit=${page.limit}`);
  }

  showModel(model: string): Promise<Record<string, unknown>> {
    return this.call('GET', m(model));
  }

  /** Resolves once the model is gone (its units ran their remove hooks, unless forced). */
  destroyModel(model: string, options: { force: boolean; timeoutMs?: number }): Promise<unknown> {
    const query = new URLSearchParams({ force: String(options.force) });
    if (options.timeoutMs !== undefined) query.set('timeout', String(options.timeoutMs));
    return this.call('DELETE', `${m(model)}?${query.toString()}`);
  }

  refresh(
    model: string,
    app: string,
    charm: string,
    resources: Readonly<Record<string, string>> = {},
  ): Promise<{ charm: string }> {
    return this.call('POST', `${m(model)}/applications/${encodeURIComponent(app)}/refresh`, {
      charm,
      resources,
    });
  }

  setApplicationFlags(
    model: string,
    app: string,
    flags: { trust?: boolean; exposed?: boolean },
  ): Promise<unknown> {
    return this.call('PATCH', `${m(model)}/applications/${encodeURIComponent(app)}`, flags);
  }

  showUnit(model: string, unit: string): Promise<Record<string, unknown>> {
    return this.call('GET', `${m(model)}/units/${unitPath(unit)}`);
  }

  unitPaths(
    model: string,
    unit: string,
  ): Promise<{ charmDir: string; containers: Record<string, string> }> {
    return this.call('GET', `${m(model)}/units/${unitPath(unit)}/paths`);
  }

  exec(model: string, unit: string, command: string, timeoutMs: number): Promise<ActionTask> {
    return this.call('POST', `${m(model)}/exec`, { unit, command, timeout: timeoutMs });
  }

  secrets(model: string, owner?: string): Promise<Record<string, unknown>> {
    const query = owner === undefined ? '' : `?owner=${encodeURIComponent(owner)}`;
    return this.call('GET', `${m(model)}/secrets${query}`);
  }

  addSecret(
    model: string,
    secret: { name: string; content: Record<string, string>; description?: string },
  ): Promise<{ uri: string }> {
    return this.call('POST', `${m(model)}/secrets`, secret);
  }

  showSecret(
    model: string,
    ref: string,
    options: { reveal: boolean; revisions: boolean; revision?: number },
  ): Promise<Record<string, unknown>> {
    const query = new URLSearchParams({
      reveal: String(options.reveal),
      revisions: String(options.revisions),
    });
    if (options.revision !== undefined) query.set('revision', String(options.revision));
    return this.call('GET', `${m(model)}/secrets/${encodeURIComponent(ref)}?${query.toString()}`);
  }

  updateSecret(
    model: string,
    ref: string,
    change: { content?: Record<string, string>; description?: string; name?: string },
  ): Promise<unknown> {
    return this.call('PATCH', `${m(model)}/secrets/${encodeURIComponent(ref)}`, change);
  }

  grantSecret(
    model: string,
    ref: string,
    apps: readonly string[],
    revoke = false,
  ): Promise<unknown> {
    return this.call(
      'POST',
      `${m(model)}/secrets/${encodeURIComponent(ref)}/${revoke ? 'revoke' : 'grant'}`,
      { apps },
    );
  }

  removeSecret(model: string, ref: string, revision?: number): Promise<unknown> {
    const query = revision === undefined ? '' : `?revision=${revision}`;
    return this.call('DELETE', `${m(model)}/secrets/${encodeURIComponent(ref)}${query}`);
  }

  modelConstraints(model: string): Promise<Record<string, unknown>> {
    return this.call('GET', `${m(model)}/constraints`);
  }

  setModelConstraints(
    model: string,
    values: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    return this.call('POST', `${m(model)}/constraints`, { values });
  }

  modelConfig(model: string): Promise<Record<string, unknown>> {
    return this.call('GET', `${m(model)}/config`);
  }

  setModelConfig(
    model: string,
    change: { values: Record<string, string>; reset: readonly string[] },
  ): Promise<unknown> {
    return this.call('PATCH', `${m(model)}/config`, change);
  }
}

function parseResponse<T>(status: number, text: string): T {
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch (cause) {
    throw new CliError('api', `cannot parse the controller's answer (HTTP ${status})`, { cause });
  }
  if (status >= 200 && status < 300) return body as T;
  const message =
    typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
      ? body.error
      : `the controller answered HTTP ${status}`;
  throw new CliError(CODES[status] ?? 'api', message);
}

function connectionError(error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
    return new CliError(
      'not-running',
      "the controller is not running (start it with 'charmkit bootstrap')",
      { cause: error },
    );
  }
  return error;
}
