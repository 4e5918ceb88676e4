/** @module Exec and task websockets (pebble-api.md §6) with a real `ws` client over the unix socket. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests inspect raw wire JSON, whose shape is what they assert */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestDaemon } from './helpers.ts';
import { startDaemon, waitChange } from './helpers.ts';

interface Stream {
  data: Buffer[];
  ended: Promise<void>;
}

function connect(t: TestDaemon, taskId: string, id: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws+unix://${t.daemon.socketPath}:/v1/tasks/${taskId}/websocket/${id}`,
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function collect(ws: WebSocket): Stream {
  const data: Buffer[] = [];
  const ended = new Promise<void>((resolve) => {
    ws.on('message', (msg: Buffer, isBinary: boolean) => {
      if (isBinary) data.push(msg);
      else if (JSON.parse(msg.toString()).command === 'end') resolve();
    });
    ws.on('close', () => resolve());
  });
  return { data, ended };
}

async function exec(t: TestDaemon, body: Record<string, unknown>) {
  const res = await t.api('POST', '/v1/exec', {
    'service-context': null,
    environment: null,
    'working-dir': null,
    timeout: null,
    'user-id': null,
    user: null,
    'group-id': null,
    group: null,
    'split-stderr': false,
    ...body,
  });
  return res;
}

describe('exec', () => {
  let t: TestDaemon;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('runs a command and streams output, then ends the change with the exit code', async () => {
    const res = await exec(t, {
      command: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      'working-dir': t.dir,
      environment: { FOO: 'bar' },
    });
    expect(res.status).toBe(202);
    expect(res.body.type).toBe('async');
    const { 'task-id': taskId, environment, 'working-dir': wd } = res.body.result;
    expect(environment.FOO).toBe('bar');
    expect(environment.LANG).toBeDefined();
    expect(wd).toBe(t.dir);
    const control = await connect(t, taskId, 'control');
    const stdio = collect(await connect(t, taskId, 'stdio'));
    await stdio.ended;
    const change = await waitChange(t, res.body.change);
    expect(change).toMatchObject({ kind: 'exec', status: 'Done', summary: 'Execute command "sh"' });
    expect(change.tasks[0].data).toEqual({ 'exit-code': 3 });
    expect(Buffer.concat(stdio.data).toString()).toBe('out\nerr\n');
    control.terminate();
  });

  it('forwards stdin and splits stderr', async () => {
    const res = await exec(t, { command: ['sh', '-c', 'cat; echo e >&2'], 'split-stderr': true });
    const taskId = res.body.result['task-id'];
    const stdioWs = await connect(t, taskId, 'stdio');
    const stdio = collect(stdioWs);
    const stderr = collect(await connect(t, taskId, 'stderr'));
    stdioWs.send(Buffer.from('hello stdin'), { binary: true });
    stdioWs.send(JSON.stringify({ command: 'end' }));
    await Promise.all([stdio.ended, stderr.ended]);
    expect(Buffer.concat(stdio.data).toString()).toBe('hello stdin');
    expect(Buffer.concat(stderr.data).toString()).toBe('e\n');
    const change = await waitChange(t, res.body.change);
    expect(change.tasks[0].data).toEqual({ 'exit-code': 0 });
  });

  it('signals the process through the control websocket', async () => {
    const res = await exec(t, { command: ['sleep', '30'] });
    const taskId = res.body.result['task-id'];
    const control = await connect(t, taskId, 'control');
    collect(await connect(t, taskId, 'stdio'));
    control.send(JSON.stringify({ command: 'signal', signal: { name: 'SIGTERM' } }));
    const change = await waitChange(t, res.body.change);
    expect(change.tasks[0].data).toEqual({ 'exit-code': 143 });
  });

  it('fails the change on timeout', async () => {
    const res = await exec(t, { command: ['sleep', '30'], timeout: '0.100s' });
    collect(await connect(t, res.body.result['task-id'], 'stdio'));
    const change = await waitChange(t, res.body.change);
    expect(change.status).toBe('Error');
    expect(change.err).toContain('timed out after 100ms');
    expect(change.tasks[0].data).toEqual({ 'exit-code': -1 });
  });

  it.each([
    { name: 'empty command', body: { command: [] }, status: 400, message: 'must specify command' },
    {
      name: 'unknown executable',
      body: { command: ['no-such-binary-xyz'] },
      status: 400,
      message: 'cannot find executable "no-such-binary-xyz"',
    },
    {
      name: 'bad timeout',
      body: { command: ['true'], timeout: 'soon' },
      status: 400,
      message: 'invalid timeout: time: invalid duration "soon"',
    },
    {
      name: 'unknown service context',
      body: { command: ['true'], 'service-context': 'nope' },
      status: 400,
      message: 'context service "nope" not found',
    },
    {
      name: 'missing working dir',
      body: { command: ['true'], 'working-dir': '/no/such/dir' },
      status: 500,
      message: 'cannot call exec: working directory "/no/such/dir" does not exist',
    },
  ])('rejects $name', async ({ body, status, message }) => {
    const res = await exec(t, body);
    expect(res.status).toBe(status);
    expect(res.body.result.message).toBe(message);
  });

  it('rejects unknown websockets', async () => {
    const res = await exec(t, { command: ['sleep', '30'] });
    const taskId = res.body.result['task-id'];
    await expect(connect(t, taskId, 'stderr')).rejects.toThrow('HTTP 404');
    await expect(connect(t, '999', 'stdio')).rejects.toThrow('HTTP 404');
    const stdio = await connect(t, taskId, 'stdio');
    await expect(connect(t, taskId, 'stdio')).rejects.toThrow('HTTP 500');
    stdio.terminate();
  });
});
