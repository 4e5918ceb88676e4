/**
 * `bootstrap`, `kill-controller`, `version`, `--help` and the errors a verb gives when no
 * controller runs — through the real `bin/charmkit.js`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { charmkit, tempHome } from './helpers.ts';

const home = tempHome();

afterAll(async () => {
  // Stops the controller if a failed test left it running; "not running" is fine here.
  await charmkit(home, ['kill-controller']);
}, 40_000);

describe('version', () => {
  it('prints a version jubilant can parse, plain and as JSON', async () => {
    const plain = await charmkit(home, ['version']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toMatch(/^3\.6\.14-generic[a-z]+-[a-z0-9]+\n$/);
    const json = await charmkit(home, ['version', '--format', 'json', '--all']);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: plain.stdout.trim() });
  });
});

describe('without a controller', () => {
  it.each([
    { args: ['models'] },
    { args: ['status', '-m', 'dev'] },
    { args: ['add-model', 'dev'] },
  ])('$args fails with one ERROR line', async ({ args }) => {
    const result = await charmkit(home, args);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "ERROR the controller is not running (start it with 'charmkit bootstrap')\n",
    });
  });

  it('kill-controller says the controller is not running', async () => {
    expect(await charmkit(home, ['kill-controller'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR controller "charmkit" is not running\n',
    });
  });
});

describe('bootstrap and kill-controller', () => {
  it('starts the controller in the background, once', async () => {
    const first = await charmkit(home, ['bootstrap']);
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toMatch(/^Bootstrapped controller "charmkit" \(pid \d+\)/);
    expect(existsSync(join(home, 'controller.socket'))).toBe(true);
    const pid = Number(readFileSync(join(home, 'controller.pid'), 'utf8'));
    const second = await charmkit(home, ['bootstrap']);
    expect(second).toEqual({
      code: 0,
      stdout: '',
      stderr: `controller "charmkit" is already running on ${home}\n`,
    });
    expect(Number(readFileSync(join(home, 'controller.pid'), 'utf8'))).toBe(pid);
    // Its own log: pino's JSON lines.
    const log = readFileSync(join(home, 'controller.log'), 'utf8').trim().split('\n');
    expect(log.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('controller started');
    expect(await charmkit(home, ['models', '--format', 'json'])).toMatchObject({
      code: 0,
      stdout: '{"models":[]}\n',
    });
  }, 40_000);

  it('refuses a log level it does not know, saying which it does', async () => {
    const other = tempHome();
    process.env.CHARMKIT_LOG_LEVEL = 'loud';
    try {
      const result = await charmkit(other, ['bootstrap']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'CHARMKIT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
      );
      expect(existsSync(join(other, 'controller.socket'))).toBe(false);
    } finally {
      delete process.env.CHARMKIT_LOG_LEVEL;
    }
  }, 40_000);

  it('stops it with SIGTERM; models survive a new bootstrap', async () => {
    expect((await charmkit(home, ['add-model', 'keep'])).code).toBe(0);
    const killed = await charmkit(home, ['kill-controller', '--no-prompt']);
    expect(killed).toMatchObject({ code: 0, stdout: '' });
    expect(killed.stderr).toMatch(/^Killed controller "charmkit" \(pid \d+\)/);
    expect(existsSync(join(home, 'controller.socket'))).toBe(false);
    expect((await charmkit(home, ['bootstrap'])).code).toBe(0);
    const models = await charmkit(home, ['models']);
    expect(models.stdout).toContain('keep*');
  }, 60_000);

  it('after a controller crash, kill-controller still stops the workloads it left', async () => {
    const pid = Number(readFileSync(join(home, 'controller.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(join(home, 'run', 'workloads.socket'))).toBe(true);
    const killed = await charmkit(home, ['kill-controller', '--no-prompt']);
    expect(killed).toMatchObject({ code: 0, stdout: '' });
    expect(killed.stderr).toContain('Stopped the workloads the controller left running');
    expect(existsSync(join(home, 'run', 'workloads.socket'))).toBe(false);
    const again = await charmkit(home, ['kill-controller', '--no-prompt']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('is not running');
  }, 30_000);
});

describe('help and usage errors', () => {
  it.each([
    'bootstrap',
    'kill-controller',
    'version',
    'add-model',
    'models',
    'switch',
    'deploy',
    'status',
    'add-unit',
    'remove-unit',
    'remove-application',
    'integrate',
    'remove-relation',
    'config',
    'run',
    'debug-log',
  ])('%s --help prints usage and an example on stdout', async (verb) => {
    const result = await charmkit(home, [verb, '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Usage: charmkit ${verb}`);
    expect(result.stdout).toMatch(/Examples:\n {4}charmkit /);
  });

  it.each([
    { args: ['stauts'], stderr: "ERROR unknown command 'stauts' (Did you mean status?)\n" },
    { args: ['status', '--bogus'], stderr: "ERROR unknown option '--bogus'\n" },
    { args: ['deploy'], stderr: "ERROR missing required argument 'charm'\n" },
    {
      args: ['switch', 'a', 'b'],
      stderr: "ERROR too many arguments for 'switch'. Expected 1 argument but got 2: a, b.\n",
    },
    {
      args: ['status', '--format', 'xml'],
      stderr: expect.stringMatching(
        /^ERROR option '--format <format>' argument 'xml' is invalid/,
      ) as string,
    },
  ])('$args → exit 2, one ERROR line', async ({ args, stderr }) => {
    expect(await charmkit(home, args)).toEqual({ code: 2, stdout: '', stderr });
  });
});
