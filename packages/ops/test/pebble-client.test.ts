/**
 * The Pebble client against a real HTTP server on a unix socket answering exactly as the
 * spec says Pebble does: what the client sends, and how it reads every kind of answer.
 */
import busboy from 'busboy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Container } from '../src/index.ts';
import {
  PebbleApiError,
  PebbleChangeError,
  PebbleConnectionError,
  PebbleExecError,
  PebbleHttpClient,
  PebblePathError,
  PebbleTimeoutError,
} from '../src/pebble/index.ts';
import { changeJson, FakePebble } from './pebble-server.ts';

let pebble: FakePebble;
let client: PebbleHttpClient;

beforeEach(async () => {
  pebble = await new FakePebble().start();
  client = new PebbleHttpClient({ socketPath: pebble.socketPath, timeoutMs: 3000 });
});
afterEach(async () => {
  await pebble.stop();
});

const json = (i: number): unknown => JSON.parse(pebble.requests[i]!.body.toString('utf8'));

describe('envelope and errors', () => {
  it('reads system-info', async () => {
    pebble.on('GET /v1/system-info', { sync: { version: 'v1.32.1', 'boot-id': 'b' } });
    expect(await client.getSystemInfo()).toEqual({ version: 'v1.32.1', bootId: 'b' });
  });

  it('turns an error envelope into PebbleApiError with status, reason and kind', async () => {
    pebble.on('GET /v1/changes/9', {
      error: 'cannot find change with id "9"',
      status: 404,
      kind: 'not-found',
    });
    const error = await client.getChange('9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error).toMatchObject({
      message: 'cannot find change with id "9"',
      statusCode: 404,
      status: 'Not Found',
      kind: 'not-found',
    });
  });

  it('a missing socket is a connection error, and canConnect says false', async () => {
    const gone = new PebbleHttpClient({ socketPath: '/nonexistent/pebble.socket' });
    await expect(gone.getSystemInfo()).rejects.toBeInstanceOf(PebbleConnectionError);
    expect(await new Container('web', gone).canConnect()).toBe(false);
  });

  it('canConnect rethrows errors that are not about connecting', async () => {
    pebble.on('GET /v1/system-info', { error: 'boom', status: 500 });
    await expect(new Container('web', client).canConnect()).rejects.toBeInstanceOf(PebbleApiError);
  });
});

describe('layers, plan and services', () => {
  it('adds a layer as ops does and parses the YAML plan', async () => {
    pebble.on('POST /v1/layers', { sync: true });
    pebble.on('GET /v1/plan', {
      sync: 'services:\n    svc:\n        override: replace\n        command: sleep 1\n        environment:\n            N: "1"\n',
    });
    await client.addLayer(
      'base',
      { services: { svc: { override: 'replace', command: 'sleep 1' } } },
      { combine: true },
    );
    const body = json(0) as Record<string, unknown>;
    expect(body).toMatchObject({ action: 'add', combine: true, label: 'base', format: 'yaml' });
    expect(body.layer).toContain('command: sleep 1');
    const plan = await client.getPlan();
    expect(pebble.requests[1]!.query.get('format')).toBe('yaml');
    expect(plan.services.svc?.environment).toEqual({ N: '1' });
    expect(plan.checks).toEqual({});
  });

  it('starts services and waits for the change', async () => {
    pebble.on('POST /v1/services', { async: '12' });
    pebble.on('GET /v1/changes/12/wait', { sync: changeJson('12') });
    const change = await client.startServices(['svc']);
    expect(json(0)).toEqual({ action: 'start', services: ['svc'] });
    expect(pebble.requests[1]!.query.get('timeout')).toMatch(/^\d+\.\d{3}s$/);
    expect(change.status).toBe('Done');
    expect(change.tasks[0]?.progress).toEqual({ label: '', done: 1, total: 1 });
  });

  it('a change that failed raises PebbleChangeError with Pebble’s err', async () => {
    pebble.on('POST /v1/services', { async: '3' });
    const err = 'cannot perform the following tasks:\n- Start service "svc" (exited quickly)';
    pebble.on('GET /v1/changes/3/wait', { sync: changeJson('3', { status: 'Error', err }) });
    await expect(client.replanServices()).rejects.toThrow(PebbleChangeError);
    await expect(client.replanServices()).rejects.toThrow(/exited quickly/);
  });

  it('keeps waiting through 504 answers until its own deadline', async () => {
    pebble.on('POST /v1/services', { async: '5' });
    pebble.on('GET /v1/changes/5/wait', {
      error: 'timed out waiting for change after 1s',
      status: 504,
    });
    await expect(client.stopServices(['svc'], { timeoutMs: 300 })).rejects.toBeInstanceOf(
      PebbleTimeoutError,
    );
  });

  it('lists services with names comma-separated and checks with repeated names', async () => {
    pebble.on('GET /v1/services', {
      sync: [
        {
          name: 'svc',
          startup: 'enabled',
          current: 'backoff',
          'current-since': '2026-07-22T10:00:00Z',
        },
      ],
    });
    pebble.on('GET /v1/checks', {
      sync: [
        {
          name: 'alive',
          level: 'alive',
          startup: 'enabled',
          status: 'down',
          successes: 0,
          failures: 3,
          threshold: 3,
          'change-id': '7',
        },
      ],
    });
    const [svc] = await client.getServices(['svc', 'other']);
    expect(pebble.requests[0]!.query.get('names')).toBe('svc,other');
    expect(svc).toMatchObject({ name: 'svc', current: 'backoff' });
    const [check] = await client.getChecks({ names: ['alive', 'ready'] });
    expect(pebble.requests[1]!.query.getAll('names')).toEqual(['alive', 'ready']);
    expect(check).toMatchObject({ name: 'alive', status: 'down', failures: 3, changeId: '7' });
  });

  it('health is false on a 502 answer', async () => {
    pebble.on('GET /v1/health', { sync: { healthy: false }, status: 502 });
    expect(await client.health({ level: 'ready' })).toBe(false);
  });
});

describe('files', () => {
  it('pushes a multipart body ops-style and reads per-item errors', async () => {
    pebble.on('POST /v1/files', { sync: [{ path: '/etc/app.conf' }] });
    await client.push('/etc/app.conf', 'a=1\n', {
      makeDirs: true,
      permissions: 0o600,
      user: 'app',
    });
    const req = pebble.requests[0]!;
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary="[0-9a-f]{32}"$/);
    const parts: { name: string; filename?: string; content: string }[] = [];
    await new Promise<void>((resolve) => {
      const bb = busboy({ headers: req.headers, preservePath: true });
      bb.on('field', (name, value) => parts.push({ name, content: value }));
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () =>
          parts.push({ name, filename: info.filename, content: Buffer.concat(chunks).toString() }),
        );
      });
      bb.on('close', resolve);
      bb.end(req.body);
    });
    const request = parts.find((p) => p.name === 'request')!;
    expect(JSON.parse(request.content)).toEqual({
      action: 'write',
      files: [{ path: '/etc/app.conf', 'make-dirs': true, permissions: '600', user: 'app' }],
    });
    expect(parts.find((p) => p.name === 'files')).toEqual({
      name: 'files',
      filename: '/etc/app.conf',
      content: 'a=1\n',
    });

    pebble.on('POST /v1/files', {
      sync: [
        {
          path: '/x/y',
          error: { message: 'open /x/y: no such file or directory', kind: 'not-found' },
        },
      ],
    });
    const error = await client.push('/x/y', 'z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebblePathError);
    expect(error).toMatchObject({
      kind: 'not-found',
      message: 'open /x/y: no such file or directory',
    });
  });

  it('pulls from a multipart response laid out exactly as Pebble writes it', async () => {
    const boundary = 'a'.repeat(60);
    pebble.on('GET /v1/files', {
      raw: (res) => {
        res.writeHead(200, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
        res.end(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="/p"\r\nContent-Type: application/octet-stream\r\n\r\n` +
            `bytes\r\nhere\r\n--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n` +
            `{"type":"sync","status-code":200,"status":"OK","result":[{"path":"/p"}]}\n\r\n--${boundary}--\r\n`,
        );
      },
    });
    expect(Buffer.from(await client.pull('/p')).toString()).toBe('bytes\r\nhere');
    const req = pebble.requests[0]!;
    expect(req.headers.accept).toBe('multipart/form-data');
    expect(req.query.get('action')).toBe('read');
  });

  it('a pull of a missing file raises the item error', async () => {
    const boundary = 'b'.repeat(60);
    pebble.on('GET /v1/files', {
      raw: (res) => {
        res.writeHead(200, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
        res.end(
          `--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n` +
            `{"type":"sync","result":[{"path":"/nope","error":{"message":"stat /nope: no such file or directory","kind":"not-found"}}]}\n\r\n--${boundary}--\r\n`,
        );
      },
    });
    await expect(client.pull('/nope')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('lists files and says whether a path exists', async () => {
    pebble.on('GET /v1/files', (req) =>
      req.query.get('path') === '/srv'
        ? {
            sync: [
              {
                path: '/srv',
                name: 'srv',
                type: 'directory',
                permissions: '755',
                'last-modified': '2026-07-22T10:00:00Z',
                'user-id': 0,
                user: 'root',
                'group-id': 0,
                group: 'root',
              },
            ],
          }
        : { error: 'stat /missing: no such file or directory', status: 404, kind: 'not-found' },
    );
    const web = new Container('web', client);
    expect(await web.isDir('/srv')).toBe(true);
    expect(pebble.requests[0]!.query.get('itself')).toBe('true');
    expect(await web.exists('/missing')).toBe(false);
    const [info] = await client.listFiles('/srv', { itself: true });
    expect(info).toMatchObject({ type: 'directory', permissions: 0o755, user: 'root' });
  });

  it('makes directories and removes paths with Pebble’s JSON actions', async () => {
    pebble.on('POST /v1/files', { sync: [{ path: '/d' }] });
    await client.makeDir('/d', { makeParents: true, permissions: 0o700 });
    await client.removePath('/d', { recursive: true });
    expect(json(0)).toEqual({
      action: 'make-dirs',
      dirs: [{ path: '/d', 'make-parents': true, permissions: '700' }],
    });
    expect(json(1)).toEqual({ action: 'remove', paths: [{ path: '/d', recursive: true }] });
  });
});

describe('exec', () => {
  function serveExec(exitCode: number): void {
    pebble.on('POST /v1/exec', {
      async: '20',
      result: { 'task-id': '21', environment: {}, 'working-dir': '/' },
    });
    pebble.on('GET /v1/changes/20/wait', { sync: changeJson('20', { exitCode }) });
    pebble.onSocket('/v1/tasks/21/websocket/control', () => undefined);
    pebble.onSocket('/v1/tasks/21/websocket/stderr', (ws) => {
      ws.send(Buffer.from('warning\n'), { binary: true });
      ws.send(JSON.stringify({ command: 'end' }));
    });
    pebble.onSocket('/v1/tasks/21/websocket/stdio', (ws) => {
      const input: Buffer[] = [];
      ws.on('message', (data: Buffer, binary: boolean) => {
        if (binary) {
          input.push(data);
          return;
        }
        ws.send(Buffer.concat([Buffer.from('got: '), ...input]), { binary: true });
        ws.send(JSON.stringify({ command: 'end' }));
      });
    });
  }

  it('sends the request ops sends, streams stdin and collects output and exit code', async () => {
    serveExec(0);
    const result = await client.exec(['cat'], {
      stdin: 'hello',
      environment: { A: 'b' },
      workingDir: '/tmp',
      timeoutMs: 5000,
    });
    expect(result).toEqual({ exitCode: 0, stdout: 'got: hello', stderr: 'warning\n' });
    expect(json(0)).toEqual({
      command: ['cat'],
      'service-context': null,
      environment: { A: 'b' },
      'working-dir': '/tmp',
      timeout: '5.000s',
      'split-stderr': true,
    });
  });

  it('Container.run throws PebbleExecError on a non-zero exit', async () => {
    serveExec(3);
    const error = await new Container('web', client).run(['cat']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleExecError);
    expect(error).toMatchObject({ exitCode: 3, stderr: 'warning\n' });
  });
});

describe('notices', () => {
  it('notifies and long-polls with the query Pebble expects', async () => {
    pebble.on('POST /v1/notices', { sync: { id: '4' } });
    pebble.on('GET /v1/notices', {
      sync: [
        {
          id: '4',
          'user-id': null,
          type: 'custom',
          key: 'example.com/a',
          'first-occurred': '2026-07-22T10:00:00.123456789Z',
          'last-occurred': '2026-07-22T10:00:00.123456789Z',
          'last-repeated': '2026-07-22T10:00:00.123456789Z',
          occurrences: 1,
          'repeat-after': '1h0m0s',
          'expire-after': '168h0m0s',
        },
      ],
    });
    expect(
      await client.notify('example.com/a', { data: { k: 'v' }, repeatAfterMs: 3_600_000 }),
    ).toBe('4');
    expect(json(0)).toEqual({
      action: 'add',
      type: 'custom',
      key: 'example.com/a',
      data: { k: 'v' },
      'repeat-after': '3600.000s',
    });
    const [notice] = await client.getNotices({
      types: ['custom'],
      keys: ['example.com/a'],
      timeoutMs: 10,
    });
    expect(pebble.requests[1]!.query.get('timeout')).toBe('0.010s');
    expect(notice).toMatchObject({
      id: '4',
      userId: null,
      occurrences: 1,
      repeatAfterMs: 3_600_000,
      expireAfterMs: 604_800_000,
    });
  });
});
