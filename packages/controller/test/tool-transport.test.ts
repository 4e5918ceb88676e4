/** The hook-tool executables talking to a real agent server: argv, stdin and answers intact. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHookTools } from '../src/agent/tool-client.ts';
import { ToolServer } from '../src/agent/tool-server.ts';
import type { ToolInvocation } from '../src/agent/tool-server.ts';

let server: ToolServer;
let tools: string;
const calls: ToolInvocation[] = [];

beforeAll(async () => {
  server = new ToolServer();
  await server.listen();
  tools = installHookTools(join(mkdtempSync(join(tmpdir(), 'charmkit-tools-')), 'bin'));
});
afterAll(() => server.stop());

function run(tool: string, args: string[], options: { token?: string; input?: string } = {}) {
  const token =
    options.token ??
    server.open((call) => {
      calls.push(call);
      if (call.tool === 'status-get')
        return { code: 1, stdout: '', stderr: 'ERROR cannot get status\n' };
      return { code: 0, stdout: `ok ✓ ${call.argv.length}\n`, stderr: '' };
    });
  return exec(join(tools, tool), args, {
    input: options.input ?? '',
    env: {
      PATH: process.env.PATH,
      CHARMKIT_AGENT_PORT: String(server.port),
      CHARMKIT_HOOK_TOKEN: token,
    },
  });
}

/** Runs a tool without blocking the event loop the agent server runs on. */
function exec(
  command: string,
  args: string[],
  options: { input: string; env: NodeJS.ProcessEnv },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input);
  });
}

describe('hook-tool transport', () => {
  it('passes argv exactly, empty strings and dashes included', async () => {
    const result = await run('status-set', ['--application=False', 'active', '--', '']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('ok ✓ 4\n');
    expect(calls.at(-1)).toEqual({
      tool: 'status-set',
      argv: ['--application=False', 'active', '--', ''],
      stdin: '',
    });
  });

  it('passes stdin byte for byte, newlines and non-ASCII included', async () => {
    const input = '{"k": "välue\\n"}\n\n';
    await run('relation-set', ['-r', 'db:1', '--file', '-'], { input });
    expect(calls.at(-1)?.stdin).toBe(input);
  });

  it('returns the error text on stderr and the exit code', async () => {
    const result = await run('status-get', ['--format=json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('ERROR cannot get status\n');
  });

  it('refuses a call without a live hook token', async () => {
    const result = await run('is-leader', [], { token: 'stale' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no hook is running');
  });

  it('outside a hook it says so', async () => {
    const result = await exec(join(tools, 'is-leader'), [], {
      input: '',
      env: { PATH: process.env.PATH },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('can only be run from a Charmkit hook');
  });
});
