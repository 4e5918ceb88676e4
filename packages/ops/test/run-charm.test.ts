/** `runCharm` as Juju runs it: a real process, real hook tools on PATH, real exit codes. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeHookTools } from './fake-hook-tools.ts';

const charm = fileURLToPath(new URL('fixtures/crash-charm.ts', import.meta.url));

function runHook(dispatchPath: string, extraEnv: Record<string, string> = {}) {
  const tools = new FakeHookTools();
  tools.answer('is-leader', 'false');
  const result = spawnSync(process.execPath, [charm], {
    encoding: 'utf8',
    env: {
      ...tools.env,
      JUJU_DISPATCH_PATH: dispatchPath,
      JUJU_UNIT_NAME: 'crash/0',
      JUJU_MODEL_NAME: 'm',
      JUJU_MODEL_UUID: '4f1a0e3c-7c5d-4b8a-9d6e-2f3a4b5c6d7e',
      JUJU_VERSION: '3.6.14',
      JUJU_CHARM_DIR: tools.dir,
      ...extraEnv,
    },
  });
  return { result, tools };
}

describe('runCharm', () => {
  it('an uncaught error exits 1 with the stack trace in the charm log', () => {
    const { result, tools } = runHook('hooks/config-changed');
    expect(result.status).toBe(1);
    const logged = tools.calls().find((c) => c.argv[0] === 'juju-log' && c.argv[2] === 'ERROR');
    expect(logged?.argv.at(-1)).toMatch(
      /^Uncaught exception while in charm code:\nRangeError: the workload is on fire\n\s+at CrashCharm.reconcile .*crash-charm.ts/,
    );
  });

  it('an action failing this way also tells the operator on stderr', () => {
    const { result } = runHook('actions/poke', { JUJU_ACTION_NAME: 'poke', JUJU_ACTION_UUID: '7' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Uncaught RangeError in charm code: the workload is on fire');
    expect(result.stderr).toContain('juju debug-log');
  });

  it('outside Juju it explains what is missing', () => {
    const result = spawnSync(process.execPath, [charm], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('JUJU_DISPATCH_PATH is not set');
  });
});
