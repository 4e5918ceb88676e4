/**
 * @module Pull (`GET /v1/files?action=read`, pebble-api.md §5.2): a multipart/form-data body
 * with one `files` part per readable path, then the `response` JSON part. Always HTTP 200.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { FileError, pathError, requireAbsolute, toFileError } from './file-error.ts';

async function checkReadable(path: string): Promise<void> {
  requireAbsolute(path);
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    throw pathError('stat', path, err);
  }
  if (!s.isFile()) throw new FileError(`can only read a regular file: ${JSON.stringify(path)}`);
}

async function copyFile(res: ServerResponse, path: string): Promise<void> {
  const stream = createReadStream(path);
  for await (const chunk of stream) {
    if (!res.write(chunk as Buffer)) await once(res, 'drain');
  }
}

function quote(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Streams the pull response for `paths` to `res`. */
export async function pullFiles(res: ServerResponse, paths: readonly string[]): Promise<void> {
  const boundary = randomBytes(30).toString('hex');
  res.writeHead(200, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
  const results: Record<string, unknown>[] = [];
  for (const path of paths) {
    try {
      await checkReadable(path);
      res.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${quote(path)}"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n`,
      );
      await copyFile(res, path);
      res.write('\r\n');
      results.push({ path });
    } catch (err) {
      results.push({ path, error: toFileError(err).toJSON() });
    }
  }
  const json = JSON.stringify({ type: 'sync', 'status-code': 200, status: 'OK', result: results });
  res.end(
    `--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n` +
      `${json}\n\r\n--${boundary}--\r\n`,
  );
}
