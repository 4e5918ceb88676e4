/**
 * `charmkit up`: from no controller to a model that is up, in one command — bootstrap, a model
 * named after the directory, the bundle deployed, a wait until active, the status printed.
 * Bad input: no bundle, a bundle that cannot come up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { charmkit, KV, tempHome } from './helpers.ts';

const home = tempHome();
const ck = (...args: string[]) => charmkit(home, args);
const dir = join(home, 'My Shop');
mkdirSync(dir);
writeFileSync(
  join(dir, 'bundle.yaml'),
  `applications:\n  store:\n    charm: ${KV}\n    num_units: 2\n    options:\n      greeting: up and running\n`,
);

afterAll(async () => {
  await ck('kill-controller');
}, 40_000);

describe('charmkit up', () => {
  it('bootstraps, creates the model, deploys and waits until active', async () => {
    const result = await ck('up', dir, '--quiet');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Bootstrapped controller');
    expect(result.stderr).toContain('Added model "my-shop"');
    expect(result.stderr).toMatch(/Model "my-shop" is up in \d+\.\d s\./);
    expect(result.stdout).toMatch(/store\/0\*\s+active\s+idle/);
    expect(result.stdout).toMatch(/store\/1\s+active\s+idle/);
    expect((await ck('show-model')).stdout).toContain('my-shop');
  }, 60_000);

  it('is idempotent: a second run changes nothing and reports the model up', async () => {
    const result = await ck('up', dir, '--quiet');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('already running');
    expect(result.stderr).toContain('No changes to apply.');
  }, 60_000);

  it('refuses a directory without a bundle.yaml, saying what it needs', async () => {
    const empty = join(home, 'empty');
    mkdirSync(empty);
    const result = await ck('up', empty);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no bundle.yaml in');
  });

  it('fails with the reason when a unit goes into error', async () => {
    const broken = join(home, 'broken');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'bundle.yaml'),
      `applications:\n  bad:\n    charm: ${KV}\n    options:\n      fail-on: install\n`,
    );
    const result = await ck('up', broken, '--quiet', '--timeout', '30s');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('hook failed: "install"');
    expect(result.stderr).toContain('charmkit debug-log');
  }, 60_000);
});
