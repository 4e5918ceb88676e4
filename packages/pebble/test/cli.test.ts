/** @module The `charmkit-pebble` binary (env vars, --http, SIGTERM) and `PebbleHost`. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests inspect raw wire JSON, whose shape is what they assert */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PebbleHost } from '../src/index.ts';
import { call, waitFor } from './helpers.ts';

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/charmkit-pebble.js', import.meta.url));

describe('cli', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs with PEBBLE/PEBBLE_SOCKET, serves open endpoints over --http and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pebble-cli-'));
    dirs.push(dir);
    const socketPath = join(dir, 'custom.socket');
    const child = spawn(NODE, [BIN, 'run', '--hold', '--http', '127.0.0.1:0'], {
      env: { ...process.env, PEBBLE: dir, PEBBLE_SOCKET: socketPath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await waitFor(() => existsSync(socketPath));
      const info = await waitFor(async () => {
        const res = await call(socketPath, 'GET', '/v1/system-info').catch(() => undefined);
        return res?.status === 200 ? res : undefined;
      });
      expect(info.body.result['http-address']).toBe('127.0.0.1:0');
      await call(socketPath, 'POST', '/v1/layers', {
        body: {
          action: 'add',
          label: 'base',
          format: 'yaml',
          layer: 'services: {svc: {override: replace, command: sleep 30}}',
        },
      });
      const start = await call(socketPath, 'POST', '/v1/services', {
        body: { action: 'start', services: ['svc'] },
      });
      await call(socketPath, 'GET', `/v1/changes/${start.body.change}/wait`);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(existsSync(join(dir, '.pebble.state'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('cli --verbose', () => {
  it('autostarts layers-dir services and copies their output to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pebble-cli-'));
    mkdirSync(join(dir, 'layers'));
    writeFileSync(
      join(dir, 'layers', '001-base.yaml'),
      "services: {svc1: {override: replace, startup: enabled, command: sh -c 'echo hello world; sleep 30'}}",
    );
    const child = spawn(NODE, [BIN, 'run', '--verbose'], {
      env: { ...process.env, PEBBLE: dir, PEBBLE_SOCKET: '', PEBBLE_PERSIST: 'never' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await waitFor(() => /^\S+Z \[svc1\] hello world$/m.test(stdout));
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(existsSync(join(dir, '.pebble.state'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PebbleHost', () => {
  it('serves several containers, each with its own socket and state', async () => {
    const host = new PebbleHost();
    const base = mkdtempSync(join(tmpdir(), 'pebble-host-'));
    try {
      const a = await host.add('a', { stateDir: join(base, 'a') });
      const b = await host.add('b', { stateDir: join(base, 'b') });
      await expect(host.add('a', { stateDir: join(base, 'c') })).rejects.toThrow(/already served/);
      expect(host.names).toEqual(['a', 'b']);
      await call(a.socketPath, 'POST', '/v1/notices', {
        body: { action: 'add', type: 'custom', key: 'example.com/a' },
      });
      const fromB = await call(b.socketPath, 'GET', '/v1/notices?types=custom');
      expect(fromB.body.result).toEqual([]);
      await host.remove('a');
      expect(host.names).toEqual(['b']);
    } finally {
      await host.stopAll();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
