/**
 * Interop: the `@charmkit/ops` Container API driving a real `@charmkit/pebble` daemon over
 * its unix socket — layers, services, files, exec and notices, with real processes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '@charmkit/ops';
import { PebbleHttpClient, PebblePathError } from '@charmkit/ops/pebble';
import { PebbleDaemon } from '@charmkit/pebble';

let daemon: PebbleDaemon;
let web: Container;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'charmkit-interop-'));
  daemon = await PebbleDaemon.start({
    stateDir: join(root, 'pebble'),
    socketPath: join(root, 'pebble.socket'),
  });
  web = new Container('web', new PebbleHttpClient({ socketPath: daemon.socketPath }));
});
afterAll(() => daemon.stop());

describe('ops client ↔ charmkit-pebble', () => {
  it('connects', async () => {
    expect(await web.canConnect()).toBe(true);
  });

  it('adds a layer, replans and reports the service active', async () => {
    await web.addLayer('base', {
      services: { sleeper: { override: 'replace', command: 'sleep 30', startup: 'enabled' } },
      checks: { up: { override: 'replace', level: 'alive', exec: { command: 'true' } } },
    });
    await web.replan();
    expect((await web.getService('sleeper'))?.current).toBe('active');
    expect((await web.getPlan()).services.sleeper?.command).toBe('sleep 30');
    expect((await web.getCheck('up'))?.level).toBe('alive');
    await web.stop('sleeper');
    expect((await web.getService('sleeper'))?.current).toBe('inactive');
  });

  it('pushes, lists, pulls and removes files', async () => {
    const dir = join(root, 'srv');
    await web.push(`${dir}/app/config.json`, '{"a":1}', { makeDirs: true, permissions: 0o600 });
    expect(await web.pull(`${dir}/app/config.json`, { encoding: 'utf8' })).toBe('{"a":1}');
    const [info] = await web.listFiles(`${dir}/app`, { pattern: '*.json' });
    expect(info).toMatchObject({ name: 'config.json', type: 'file', permissions: 0o600, size: 7 });
    expect(await web.isDir(`${dir}/app`)).toBe(true);
    await web.removePath(`${dir}/app`, { recursive: true });
    expect(await web.exists(`${dir}/app`)).toBe(false);
    await expect(web.pull(`${dir}/missing`)).rejects.toBeInstanceOf(PebblePathError);
  });

  it('execs with stdin, environment and separate stderr', async () => {
    const result = await web.exec(['sh', '-c', 'cat; echo "$GREETING" >&2; exit 3'], {
      stdin: 'from stdin',
      environment: { GREETING: 'hi' },
    });
    expect(result).toEqual({ exitCode: 3, stdout: 'from stdin', stderr: 'hi\n' });
    expect(await web.run(['echo', 'ok'])).toBe('ok\n');
  });

  it('records custom notices', async () => {
    const id = await web.notify('example.com/deployed', { version: '2' });
    const [notice] = await web.getNotices({ types: ['custom'], keys: ['example.com/deployed'] });
    expect(notice).toMatchObject({
      id,
      key: 'example.com/deployed',
      lastData: { version: '2' },
      occurrences: 1,
    });
  });
});
