/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- assertions on raw CLI JSON */
/**
 * `charmkit deploy bundle.yaml` end to end: the real binary against a real controller, with
 * two applications of the kv test charm related to each other. Checks the dry run, the
 * applied changes, that re-deploying changes nothing, overlays, and bad bundles.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charmkit, KV, tempHome, waitFor } from './helpers.ts';

const home = tempHome();
const ck = (...args: string[]) => charmkit(home, args);
const dir = mkdtempSync(join('/tmp', 'ck-bundle-'));
const bundle = join(dir, 'bundle.yaml');
const overlay = join(dir, 'overlay.yaml');

writeFileSync(
  bundle,
  `applications:
  store:
    charm: ${KV}
    num_units: 2
    options:
      greeting: hello
  front:
    charm: ${KV}
    scale: 1
    expose: true
relations:
  - [front:upstream, store:kv]
`,
);
writeFileSync(overlay, `applications:\n  front:\n    options:\n      greeting: howdy\n`);

async function status(): Promise<any> {
  const result = await ck('status', '--format', 'json');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  expect((await ck('bootstrap')).code).toBe(0);
  expect((await ck('add-model', 'b')).code).toBe(0);
}, 40_000);
afterAll(async () => {
  expect((await ck('kill-controller')).code).toBe(0);
}, 40_000);

describe('deploy bundle.yaml', () => {
  it('prints the plan with --dry-run and changes nothing', async () => {
    const dry = await ck('deploy', bundle, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n')).toEqual([
      'Changes to deploy bundle:',
      // Applications in name order, as juju's bundle changes list them.
      `- deploy application front from ${KV} with 1 unit using kv`,
      `- deploy application store from ${KV} with 2 units using kv`,
      '- add relation front:upstream - store:kv',
      '- expose all endpoints of front and allow access from CIDRs 0.0.0.0/0 and ::/0',
      '',
    ]);
    expect((await status()).applications).toEqual({});
  });

  it('applies the changes in order and the model converges', async () => {
    const applied = await ck('deploy', bundle);
    expect(applied).toMatchObject({ code: 0, stdout: '' });
    expect(applied.stderr).toContain('- add relation front:upstream - store:kv');
    expect(applied.stderr).toContain('Deploy of bundle completed.');
    const s = await waitFor(async () => {
      const st = await status();
      const units = Object.values<any>(st.applications?.store?.units ?? {});
      return units.length === 2 && units.every((u) => u['juju-status'].current === 'idle')
        ? st
        : undefined;
    });
    expect(s.applications.front.exposed).toBe(true);
    expect(s.applications.store.relations.kv[0]['related-application']).toBe('front');
    const config = await ck('config', 'store', 'greeting');
    expect(config.stdout).toBe('hello\n');
  });

  it('re-deploying the applied bundle changes nothing', async () => {
    const again = await ck('deploy', bundle);
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('No changes to apply.');
    const dry = await ck('deploy', bundle, '--dry-run');
    expect(dry.stdout).toBe('No changes to apply.\n');
  });

  it('applies only what an overlay changes', async () => {
    const dry = await ck('deploy', bundle, '--overlay', overlay, '--dry-run');
    expect(dry.stdout).toBe(
      'Changes to deploy bundle:\n- set application options for front: greeting\n',
    );
    expect((await ck('deploy', bundle, '--overlay', overlay)).code).toBe(0);
    expect((await ck('config', 'front', 'greeting')).stdout).toBe('howdy\n');
  });

  it('rejects a bundle naming a missing charm, and deploys nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'applications:\n  ghost:\n    charm: ./no-such-charm\n');
    const result = await ck('deploy', bad);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no-such-charm');
    expect((await status()).applications.ghost).toBeUndefined();
  });

  it('rejects charm-only flags with a bundle', async () => {
    const result = await ck('deploy', bundle, '-n', '3');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set them in the bundle or an --overlay');
  });
});
