/**
 * Real jubilant driving the `charmkit` binary as its `cli_binary`, through the life of a real
 * Python ops charm (examples/charms/python-web): deploy with resources, integrate, wait,
 * actions (including failures as jubilant raises them), config, exec, secrets, scale down,
 * removal. The unit tests of the argv jubilant sends are in packages/cli; this is the client.
 *
 * Opt-in: neither jubilant nor ops can be installed on CI (no PyPI). Set
 * CHARMKIT_JUBILANT_PATH to a directory holding the `jubilant` package (a checkout of
 * canonical/jubilant will do) and CHARMKIT_OPS_VENV as for tests/python-ops.test.ts.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, charmkit, tempHome } from '../packages/cli/test/helpers.ts';

const JUBILANT = process.env.CHARMKIT_JUBILANT_PATH;
const VENV = process.env.CHARMKIT_OPS_VENV;
const EXAMPLE = fileURLToPath(new URL('../examples/charms/python-web', import.meta.url));
const SMOKE = fileURLToPath(new URL('jubilant/smoke.py', import.meta.url));
const home = tempHome();

describe.skipIf(JUBILANT === undefined || VENV === undefined)('jubilant', () => {
  afterAll(async () => {
    await charmkit(home, ['kill-controller']);
  }, 60_000);

  it('drives a Python charm’s whole life through charmkit', async () => {
    const charm = join(mkdtempSync(join('/tmp', 'ck-jub-')), 'python-web');
    cpSync(EXAMPLE, charm, { recursive: true });
    for (const entry of readdirSync(VENV!))
      cpSync(join(VENV!, entry), join(charm, 'venv', entry), { recursive: true });
    expect((await charmkit(home, ['bootstrap'])).code).toBe(0);
    // jubilant runs `charmkit`, which must find Node 24: a wrapper script on PATH.
    const bin = mkdtempSync(join('/tmp', 'ck-jub-bin-'));
    const wrapper = join(bin, 'charmkit');
    cpSync(fileURLToPath(new URL('jubilant/charmkit.sh', import.meta.url)), wrapper);
    const { stdout } = await promisify(execFile)('python3', [SMOKE, wrapper, charm], {
      env: {
        ...process.env,
        CHARMKIT_HOME: home,
        CHARMKIT_NODE: process.execPath,
        CHARMKIT_BIN: BIN,
        PYTHONPATH: JUBILANT,
      },
      timeout: 280_000,
    });
    expect(stdout).toContain('jubilant smoke: ok');
  }, 300_000);
});
