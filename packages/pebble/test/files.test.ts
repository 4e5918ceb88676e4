/** @module Files API (pebble-api.md §5): push like ops (chunked, quoted boundary), pull layout, list, make-dirs, remove. */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- tests inspect raw wire JSON, whose shape is what they assert */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, TestDaemon } from './helpers.ts';
import { startDaemon } from './helpers.ts';

const BOUNDARY = '0123456789abcdef0123456789abcdef';

/** Sends a push exactly like ops: quoted boundary, chunked body. */
function push(
  t: TestDaemon,
  files: { path: string; content: Buffer | string; meta?: object }[],
): Promise<ApiResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: t.daemon.socketPath,
        method: 'POST',
        path: '/v1/files',
        headers: {
          'Content-Type': `multipart/form-data; boundary="${BOUNDARY}"`,
          'Transfer-Encoding': 'chunked',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: '',
            headers: res.headers,
            raw,
            body: JSON.parse(raw.toString()),
          });
        });
      },
    );
    req.on('error', reject);
    const meta = { action: 'write', files: files.map((f) => ({ path: f.path, ...f.meta })) };
    req.write(
      `--${BOUNDARY}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name="request"\r\n\r\n${JSON.stringify(meta)}\r\n`,
    );
    for (const f of files) {
      req.write(
        `--${BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: form-data; name="files"; filename="${f.path.replace(/"/g, '\\"')}"\r\n\r\n`,
      );
      req.write(f.content);
      req.write('\r\n');
    }
    req.end(`--${BOUNDARY}--\r\n`);
  });
}

describe('files', () => {
  let t: TestDaemon;
  let root: string;
  beforeEach(async () => {
    t = await startDaemon({ hold: true });
    root = join(t.dir, 'files');
    mkdirSync(root);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('pushes files atomically with permissions and make-dirs', async () => {
    const bytes = Buffer.from([0, 255, 1, 2, 0x80]);
    const res = await push(t, [
      { path: `${root}/a.txt`, content: 'hello' },
      {
        path: `${root}/deep/er/b.bin`,
        content: bytes,
        meta: { 'make-dirs': true, permissions: '620' },
      },
      { path: `${root}/missing/c`, content: 'x' },
      { path: `${root}/bad-perm`, content: 'x', meta: { permissions: '1000' } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.result).toEqual([
      { path: `${root}/a.txt` },
      { path: `${root}/deep/er/b.bin` },
      {
        path: `${root}/missing/c`,
        error: { kind: 'not-found', message: `open ${root}/missing/c: no such file or directory` },
      },
      {
        path: `${root}/bad-perm`,
        error: {
          kind: 'generic-file-error',
          message: 'permissions must be a 3-digit octal string, got "1000"',
        },
      },
    ]);
    expect(readFileSync(`${root}/a.txt`, 'utf8')).toBe('hello');
    expect(readFileSync(`${root}/deep/er/b.bin`)).toEqual(bytes);
    expect(statSync(`${root}/deep/er/b.bin`).mode & 0o777).toBe(0o620);
    expect(statSync(`${root}/deep/er`).mode & 0o777).toBe(0o755);
  });

  it('pulls files as multipart with the exact part layout', async () => {
    writeFileSync(`${root}/f`, 'content');
    const res = await t.api(
      'GET',
      `/v1/files?action=read&path=${root}/f&path=${root}/nope`,
      undefined,
      {
        Accept: 'multipart/form-data',
      },
    );
    expect(res.status).toBe(200);
    const boundary = /^multipart\/form-data; boundary=([0-9a-f]{60})$/.exec(
      String(res.headers['content-type']),
    )?.[1];
    expect(boundary).toBeDefined();
    const response = {
      type: 'sync',
      'status-code': 200,
      status: 'OK',
      result: [
        { path: `${root}/f` },
        {
          path: `${root}/nope`,
          error: { message: `stat ${root}/nope: no such file or directory`, kind: 'not-found' },
        },
      ],
    };
    expect(res.raw.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${root}/f"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\ncontent\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n` +
        `${JSON.stringify(response)}\n\r\n--${boundary}--\r\n`,
    );
    const noAccept = await t.api('GET', `/v1/files?action=read&path=${root}/f`);
    expect(noAccept.body.result.message).toBe('must accept multipart/form-data');
  });

  it('lists directories, single files, patterns and the root', async () => {
    writeFileSync(`${root}/one.txt`, '12345');
    mkdirSync(`${root}/sub`);
    const list = (await t.api('GET', `/v1/files?action=list&path=${root}`)).body.result;
    expect(list.map((e: any) => [e.name, e.type, e.size])).toEqual([
      ['one.txt', 'file', 5],
      ['sub', 'directory', undefined],
    ]);
    expect(list[0]).toMatchObject({
      path: `${root}/one.txt`,
      permissions: '644',
      'user-id': process.getuid!(),
    });
    expect(list[0]['last-modified']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const pattern = (await t.api('GET', `/v1/files?action=list&path=${root}&pattern=*.txt`)).body
      .result;
    expect(pattern.map((e: any) => e.name)).toEqual(['one.txt']);
    const itself = (await t.api('GET', `/v1/files?action=list&path=${root}&itself=true`)).body
      .result;
    expect(itself).toHaveLength(1);
    expect(itself[0]).toMatchObject({ name: 'files', type: 'directory', path: root });
    const slash = (await t.api('GET', '/v1/files?action=list&path=/&itself=true')).body.result;
    expect(slash[0]).toMatchObject({ name: '/', path: '/' });
    const missing = await t.api('GET', '/v1/files?action=list&path=/not/existing/file/');
    expect(missing.status).toBe(404);
    expect(missing.body.result).toEqual({
      message: 'stat /not/existing/file/: no such file or directory',
      kind: 'not-found',
    });
    const relative = await t.api('GET', '/v1/files?action=list&path=rel');
    expect(relative.status).toBe(400);
    expect(relative.body.result.message).toBe('path must be absolute, got "rel"');
  });

  it('makes directories and removes paths with per-item errors', async () => {
    const mk = await t.api(
      'POST',
      '/v1/files',
      {
        action: 'make-dirs',
        dirs: [
          { path: `${root}/a/b/c`, 'make-parents': true, permissions: '700' },
          { path: `${root}/x/y` },
          { path: `${root}/a` },
          { path: 'relative' },
        ],
      },
      { 'Content-Type': 'application/json' },
    );
    expect(mk.body.result).toEqual([
      { path: `${root}/a/b/c` },
      {
        path: `${root}/x/y`,
        error: {
          kind: 'not-found',
          message: `mkdir ${root}/x/y.mkdir-new: no such file or directory`,
        },
      },
      {
        path: `${root}/a`,
        error: { kind: 'generic-file-error', message: `mkdir ${root}/a: file exists` },
      },
      {
        path: 'relative',
        error: { kind: 'generic-file-error', message: 'paths must be absolute, got "relative"' },
      },
    ]);
    expect(statSync(`${root}/a/b`).mode & 0o777).toBe(0o700);
    const rm = await t.api(
      'POST',
      '/v1/files',
      {
        action: 'remove',
        paths: [
          { path: `${root}/a` },
          { path: `${root}/gone` },
          { path: `${root}/a`, recursive: true },
          { path: `${root}/gone`, recursive: true },
        ],
      },
      { 'Content-Type': 'application/json' },
    );
    expect(rm.body.result).toEqual([
      {
        path: `${root}/a`,
        error: { kind: 'generic-file-error', message: `remove ${root}/a: directory not empty` },
      },
      {
        path: `${root}/gone`,
        error: { kind: 'not-found', message: `remove ${root}/gone: no such file or directory` },
      },
      { path: `${root}/a` },
      { path: `${root}/gone` },
    ]);
    const write = await t.api(
      'POST',
      '/v1/files',
      { action: 'write' },
      { 'Content-Type': 'application/json' },
    );
    expect(write.body.result.message).toBe('must use multipart with "write" action');
  });
});
