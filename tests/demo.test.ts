/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument -- assertions on raw CLI JSON */
/**
 * The README's main job, end to end: `charmkit up examples/demo` on a fresh state directory
 * brings up PostgreSQL, the Express demo app and ingress; a name written through the ingress
 * URL reads back; the app scales to two units; PostgreSQL restarts; the name is still there.
 * Needs PostgreSQL's binaries (Debian's `postgresql`): CI installs them and sets
 * CHARMKIT_REQUIRE_POSTGRES=1 so that this never skips there.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresInstalled, postgresRequired } from '../charms/postgresql/test/installed.ts';
import { charmkit as run } from '../packages/cli/test/helpers.ts';

const DEMO = fileURLToPath(new URL('../examples/demo', import.meta.url));
const hasPostgres = postgresInstalled;
const required = postgresRequired;
const home = mkdtempSync(join('/tmp', 'ck-demo-'));

const charmkit = (...args: string[]) => run(home, args);

async function names(url: string): Promise<string[]> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  const body: any = await res.json();
  return (body.names as string[]) ?? [];
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

afterAll(async () => {
  await charmkit('kill-controller');
}, 60_000);

describe.skipIf(!hasPostgres && !required)(
  'charmkit up examples/demo (the README main job)',
  () => {
    let url = '';

    it('brings the model up and prints the app URL', async () => {
      expect(hasPostgres, 'PostgreSQL binaries are required (apt install postgresql)').toBe(true);
      const up = await charmkit('up', DEMO, '--quiet', '--timeout', '5m');
      expect(up.stderr).not.toContain('ERROR');
      expect(up.code).toBe(0);
      const line = up.stdout.split('\n').find((l) => l.startsWith('demo: http'));
      expect(line, up.stdout).toBeDefined();
      url = line!.slice('demo: '.length).trim();
    }, 300_000);

    it('writes a name through the ingress URL and reads it back', async () => {
      const res = await fetch(new URL('names', `${url.replace(/\/?$/, '/')}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada' }),
      });
      expect(res.status).toBeLessThan(400);
      expect(await names(url)).toContain('Ada');
    });

    it('scales the app to two units, both serving', async () => {
      expect((await charmkit('scale-application', 'demo', '2')).code).toBe(0);
      const wait = await charmkit('wait', '--timeout', '3m', '--quiet');
      expect(wait.stderr).toBe('');
      const status: any = JSON.parse((await charmkit('status', '--format', 'json')).stdout);
      expect(Object.keys(status.applications.demo.units)).toHaveLength(2);
      for (let i = 0; i < 4; i++) expect(await names(url)).toContain('Ada');
    }, 200_000);

    it('keeps the data across a PostgreSQL restart', async () => {
      // The backup action says where the cluster lives; its postmaster gets a fast shutdown
      // (SIGINT) and Pebble starts it again.
      const run = await charmkit(
        'run',
        'postgresql/0',
        'create-backup',
        'database=demo',
        '--format',
        'json',
      );
      expect(run.code, run.stderr).toBe(0);
      const backup: any = JSON.parse(run.stdout)['postgresql/0'].results;
      const pidFile = join(dirname(dirname(backup.path as string)), 'data', 'postmaster.pid');
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGINT');
      await eventually(() => {
        const now = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (now === pid) throw new Error('not restarted yet');
        return Promise.resolve();
      });
      expect(await eventually(() => names(url))).toContain('Ada');
    }, 120_000);
  },
);
