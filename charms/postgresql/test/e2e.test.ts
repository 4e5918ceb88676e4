/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument -- assertions on raw CLI JSON */
/**
 * The postgresql charm on a real controller with a real PostgreSQL: a requirer gets a
 * database and credentials it can log in with over TCP; a backup is a real pg_dump; a
 * server killed with SIGKILL comes back under Pebble; a bad database name blocks, and the
 * relation's removal drops its user. Needs Debian's `postgresql` package (CI installs it and
 * sets CHARMKIT_REQUIRE_POSTGRES=1, so that this never skips there).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charmkit, tempHome, waitFor } from '../../../packages/cli/test/helpers.ts';
import { postgresInstalled, postgresRequired } from './installed.ts';

const CHARM = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = fileURLToPath(new URL('fixtures/client', import.meta.url));
const installed = postgresInstalled;
const required = postgresRequired;
const home = tempHome();
const ck = (...args: string[]) => charmkit(home, args);

async function results(unit: string, action: string, ...params: string[]): Promise<any> {
  const run = await ck('run', unit, action, ...params, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout)[unit].results;
}

async function status(): Promise<any> {
  return JSON.parse((await ck('status', '--format', 'json')).stdout);
}

async function query(creds: any, sql: string): Promise<any[]> {
  const client = new pg.Client({
    host: creds.host,
    port: Number(creds.port),
    user: creds.username,
    password: creds.password,
    database: creds.database,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!installed && !required)('postgresql on a real controller', () => {
  let creds: any;

  beforeAll(async () => {
    expect(installed, 'PostgreSQL is required here: apt install postgresql').toBe(true);
    for (const args of [
      ['bootstrap'],
      ['add-model', 'pg'],
      ['deploy', CHARM],
      ['deploy', CLIENT],
      ['integrate', 'client', 'postgresql'],
      ['wait', '--timeout', '90s', '--quiet'],
    ]) {
      const result = await ck(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    creds = await results('client/0', 'credentials');
  }, 120_000);
  afterAll(async () => {
    await ck('kill-controller');
  }, 30_000);

  it('hands the requirer a database and a user that can log in over TCP', async () => {
    expect(creds).toMatchObject({ username: 'relation_id_0', database: 'shop', port: '5432' });
    expect(creds.uris).toBe(`postgresql://relation_id_0:${creds.password}@${creds.host}:5432/shop`);
    await query(creds, 'CREATE TABLE names (name text)');
    await query(creds, "INSERT INTO names VALUES ('Ada')");
    expect(await query(creds, 'SELECT name FROM names')).toEqual([{ name: 'Ada' }]);
    const s = await status();
    expect(s.applications.postgresql.units['postgresql/0']['workload-status'].message).toMatch(
      /^PostgreSQL \d+\.\d+ on 127\.\d+\.\d+\.\d+:5432$/,
    );
  });

  it('refuses a wrong password', async () => {
    await expect(query({ ...creds, password: 'wrong' }, 'SELECT 1')).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it('takes a logical backup with pg_dump', async () => {
    const backup = await results('postgresql/0', 'create-backup', 'database=shop');
    expect(Number(backup.size)).toBeGreaterThan(0);
    const dump = readFileSync(backup.path, 'utf8');
    expect(dump).toContain('CREATE TABLE public.names');
    expect(dump).toContain('Ada');
    const missing = await ck('run', 'postgresql/0', 'create-backup', 'database=nope');
    expect(missing.stderr).toContain('database "nope" does not exist');
  });

  it('gives the operator password, and only on the leader', async () => {
    const { password } = await results('postgresql/0', 'get-password');
    expect(password).toMatch(/^[\w-]{24}$/);
    await query({ ...creds, username: 'operator', password, database: 'postgres' }, 'SELECT 1');
  });

  it('comes back after the server is killed', async () => {
    const backup = await results('postgresql/0', 'create-backup', 'database=shop');
    const pidFile = join(dirname(dirname(backup.path)), 'data', 'postmaster.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => {
      await sleep(200);
      try {
        return (await query(creds, 'SELECT name FROM names')).length === 1 ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000);
    expect(Number(readFileSync(pidFile, 'utf8').split('\n')[0])).not.toBe(pid);
  }, 40_000);

  it('blocks on a database name it cannot accept, and recovers when the relation goes', async () => {
    expect((await ck('deploy', CLIENT, 'bad', '--config', 'database=x;drop')).code).toBe(0);
    expect((await ck('integrate', 'bad', 'postgresql')).code).toBe(0);
    await waitFor(async () => {
      const message = (await status()).applications.postgresql.units['postgresql/0'][
        'workload-status'
      ].message as string;
      return message.includes('"x;drop" is not a valid name') ? true : undefined;
    }, 30_000);
    expect((await ck('remove-application', 'bad')).code).toBe(0);
    const settled = await ck('wait', '--timeout', '30s', '--quiet');
    expect(settled.code, settled.stderr).toBe(0);
  }, 60_000);

  it('drops the user when the relation is removed', async () => {
    expect((await ck('remove-relation', 'client', 'postgresql')).code).toBe(0);
    await waitFor(async () => {
      try {
        await query(creds, 'SELECT 1');
        return undefined;
      } catch (error) {
        return /password authentication failed|does not exist/.test(String(error))
          ? true
          : undefined;
      }
    }, 30_000);
    const { password } = await results('postgresql/0', 'get-password');
    const operator = { ...creds, username: 'operator', password, database: 'shop' };
    expect(await query(operator, "SELECT 1 FROM pg_roles WHERE rolname = 'relation_id_0'")).toEqual(
      [],
    );
    // The data stays, now the operator's.
    expect(await query(operator, 'SELECT name FROM names')).toEqual([{ name: 'Ada' }]);
  }, 40_000);
});
