/** @module Test helpers: a real daemon in a temp dir and a tiny HTTP-over-unix-socket client. */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access -- tests inspect raw wire JSON, whose shape is what they assert */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PebbleDaemon } from '../src/index.ts';
import type { PebbleDaemonOptions } from '../src/index.ts';

export interface ApiResult {
  status: number;
  statusMessage: string;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  body: any;
}

/** Sends one request over the unix socket. */
export function call(
  socketPath: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const { body, headers = {} } = options;
  return new Promise((resolve, reject) => {
    const payload =
      body === undefined
        ? undefined
        : Buffer.isBuffer(body)
          ? body
          : Buffer.from(JSON.stringify(body));
    const req = request({ socketPath, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let parsed: unknown = undefined;
        try {
          parsed = JSON.parse(raw.toString());
        } catch {
          parsed = undefined;
        }
        resolve({
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          headers: res.headers,
          raw,
          body: parsed,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls `fn` every 20 ms until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface TestDaemon {
  daemon: PebbleDaemon;
  dir: string;
  api: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<ApiResult>;
  restart: (options?: Partial<PebbleDaemonOptions>) => Promise<void>;
  cleanup: () => Promise<void>;
}

/** Starts a daemon in a fresh temp dir. */
export async function startDaemon(options: Partial<PebbleDaemonOptions> = {}): Promise<TestDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'pebble-test-'));
  const t: TestDaemon = {
    daemon: await PebbleDaemon.start({ stateDir: dir, ...options }),
    dir,
    api: (method, path, body, headers) =>
      call(t.daemon.socketPath, method, path, { body, headers }),
    restart: async (more = {}) => {
      await t.daemon.stop();
      t.daemon = await PebbleDaemon.start({ stateDir: dir, ...options, ...more });
    },
    cleanup: async () => {
      await t.daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Adds a layer via the API and asserts success. */
export async function addLayer(
  t: TestDaemon,
  label: string,
  layer: string,
  combine = false,
): Promise<ApiResult> {
  return t.api('POST', '/v1/layers', { action: 'add', combine, label, format: 'yaml', layer });
}

/** Waits for a change to be ready and returns its JSON. */
export async function waitChange(t: TestDaemon, id: string): Promise<any> {
  const res = await t.api('GET', `/v1/changes/${id}/wait?timeout=15s`);
  if (res.status !== 200) throw new Error(`wait failed: ${res.raw.toString()}`);
  return res.body.result;
}
