/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions on raw CLI JSON */
/**
 * The Express framework charm on a real controller with a dependency-free app: the
 * environment reaches the app, two units share a port on their own addresses, a failing
 * migration blocks while the running release keeps serving, and an app without package.json
 * blocks with the reason.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charmkit, tempHome, waitFor } from '../../cli/test/helpers.ts';

const FIXTURE = fileURLToPath(new URL('fixtures/app', import.meta.url));
const home = tempHome();
const app = mkdtempSync(join('/tmp', 'paas-app-'));
const ck = (...args: string[]) => charmkit(home, args);

async function status(): Promise<any> {
  return JSON.parse((await ck('status', '--format', 'json')).stdout);
}

async function get(unit: any): Promise<any> {
  const res = await fetch(`http://${unit.address}:8080/`);
  return res.json();
}

beforeAll(async () => {
  cpSync(FIXTURE, app, { recursive: true, filter: (p) => !p.includes('/charm') });
  for (const args of [
    ['bootstrap'],
    ['add-model', 'paas'],
    [
      'deploy',
      join(FIXTURE, 'charm'),
      'web',
      '-n',
      '2',
      '--resource',
      `app-image=${app}`,
      '--config',
      'greeting=hello',
    ],
    ['wait', '--timeout', '90s', '-q'],
  ]) {
    const result = await ck(...args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
}, 120_000);
afterAll(async () => {
  await ck('kill-controller');
}, 30_000);

describe('ExpressCharm on a real controller', () => {
  it('runs the app on every unit, on its own address and the same port, with the environment', async () => {
    const units = Object.values<any>((await status()).applications.web.units);
    expect(units).toHaveLength(2);
    for (const unit of units) {
      expect(await get(unit)).toEqual({
        release: 'A',
        port: '8080',
        greeting: 'hello',
        baseUrl: `http://${unit.address}:8080`,
        nodeEnv: 'production',
        secretKey: true,
      });
    }
  });

  it('blocks on a failing migration while the running release keeps serving, then recovers', async () => {
    writeFileSync(join(app, 'release.txt'), 'B\n');
    writeFileSync(join(app, 'fail-migration'), '');
    expect((await ck('config', 'web', 'greeting=again')).code).toBe(0);
    const leader = await waitFor(async () => {
      const s = await status();
      const unit = Object.values(s.applications.web.units).find((u: any) => u.leader) as any;
      return unit?.['workload-status'].message ===
        'database migration command [npm run migrate] failed, will retry in next update-status'
        ? unit
        : undefined;
    }, 60_000);
    expect((await get(leader)).release).toBe('A');
    rmSync(join(app, 'fail-migration'));
    expect((await ck('config', 'web', 'greeting=fixed')).code).toBe(0);
    expect((await ck('wait', '--timeout', '90s', '-q')).code).toBe(0);
    const units = Object.values<any>((await status()).applications.web.units);
    for (const unit of units)
      expect(await get(unit)).toMatchObject({ release: 'B', greeting: 'fixed' });
  }, 150_000);

  it('blocks with the reason when the app has no package.json', async () => {
    const empty = mkdtempSync(join('/tmp', 'paas-empty-'));
    const deployed = await ck(
      'deploy',
      join(FIXTURE, 'charm'),
      'nopkg',
      '--resource',
      `app-image=${empty}`,
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    await waitFor(async () => {
      const unit = (await status()).applications.nopkg?.units?.['nopkg/0'];
      return String(unit?.['workload-status']?.message ?? '').startsWith(
        'no package.json in the app directory',
      )
        ? true
        : undefined;
    }, 60_000);
    expect((await ck('remove-application', 'nopkg')).code).toBe(0);
  }, 90_000);
});
