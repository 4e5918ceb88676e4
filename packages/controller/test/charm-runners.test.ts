/**
 * The fast path's runner pool with real child processes: a bundle is imported once and runs
 * many dispatches, concurrent hooks never share a runner, output reaches the right hook, and
 * a runner that dies fails only its own hook.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CharmRunners } from '../src/agent/charm-runners.ts';

/** A bundle as `runCharm` behaves under a runner: it registers one dispatch function. */
const BUNDLE = `
const loadedAt = process.pid + ':' + Date.now();
globalThis[Symbol.for('charmkit.charm-runner')].register(async ({ env }) => {
  await new Promise((resolve) => setTimeout(resolve, Number(env.DELAY ?? 0)));
  if (env.CRASH) process.exit(3);
  process.stdout.write(env.JUJU_UNIT_NAME + ' in ' + process.cwd() + ' loaded ' + loadedAt + '\\n');
  return Number(env.CODE ?? 0);
});
`;

let runners: CharmRunners | undefined;
afterEach(() => runners?.stopAll());

function setup(limit: number): { bundle: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'charmkit-runners-'));
  const bundle = join(dir, 'charm.js');
  writeFileSync(bundle, BUNDLE);
  runners = new CharmRunners({ limit });
  return { bundle, dir };
}

async function run(bundle: string, cwd: string, env: Record<string, string>) {
  let stdout = '';
  const code = await runners!.run(bundle, { env, cwd }, (stream, text) => {
    if (stream === 'stdout') stdout += text;
  });
  return { code, stdout };
}

describe('charm runners', () => {
  it('imports the bundle once and reuses it for later dispatches', async () => {
    const { bundle, dir } = setup(1);
    const first = await run(bundle, dir, { JUJU_UNIT_NAME: 'a/0' });
    const second = await run(bundle, dir, { JUJU_UNIT_NAME: 'a/1', CODE: '1' });
    expect(first.code).toBe(0);
    expect(second.code).toBe(1);
    const loaded = (out: string) => out.trim().split(' loaded ')[1];
    expect(loaded(second.stdout)).toBe(loaded(first.stdout));
    expect(second.stdout).toContain(`a/1 in ${dir}`);
  });

  it('never gives one runner to two concurrent hooks (regression: claimed after an await)', async () => {
    const { bundle, dir } = setup(2);
    const results = await Promise.all(
      ['u/0', 'u/1', 'u/2', 'u/3', 'u/4'].map((unit, i) =>
        run(bundle, dir, { JUJU_UNIT_NAME: unit, DELAY: '40', CODE: String(i) }),
      ),
    );
    expect(results.map((r) => r.code)).toEqual([0, 1, 2, 3, 4]);
    results.forEach((r, i) => expect(r.stdout).toMatch(new RegExp(`^u/${i} in `)));
  });

  it('fails only the hook whose runner died, and starts a new runner for the next', async () => {
    const { bundle, dir } = setup(1);
    const crashed = await run(bundle, dir, { JUJU_UNIT_NAME: 'c/0', CRASH: '1' });
    expect(crashed.code).toBeNull();
    const next = await run(bundle, dir, { JUJU_UNIT_NAME: 'c/0' });
    expect(next.code).toBe(0);
  });

  it('fails the hook with the reason when the bundle cannot be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charmkit-runners-'));
    const bundle = join(dir, 'charm.js');
    writeFileSync(bundle, 'throw new Error("broken bundle");');
    runners = new CharmRunners({ limit: 1 });
    let stderr = '';
    const code = await runners.run(bundle, { env: {}, cwd: dir }, (stream, text) => {
      if (stream === 'stderr') stderr += text;
    });
    expect(code).toBeNull();
    expect(stderr).toContain('broken bundle');
  });
});
