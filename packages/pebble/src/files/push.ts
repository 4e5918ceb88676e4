/**
 * @module Push (`POST /v1/files` multipart, pebble-api.md §5.3): a `request` JSON part then
 * `files` parts (filename = full path), each written atomically via `<base>.<rand>~` + rename.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, rename, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { scalarString } from '../api/body.ts';
import { ApiError } from '../errors.ts';
import {
  FileError,
  parsePermissions,
  pathError,
  requireAbsolute,
  toFileError,
} from './file-error.ts';
import type { ItemResult } from './make-dirs.ts';
import type { Owner } from './owner.ts';
import { applyOwner, makeDirAll, resolveOwner } from './owner.ts';

async function writeAtomic(
  path: string,
  content: Readable,
  meta: Record<string, unknown>,
): Promise<void> {
  requireAbsolute(path);
  const mode = parsePermissions(meta['permissions'] as string | undefined, 0o644);
  const owner: Owner = resolveOwner(meta);
  const dir = posix.dirname(path);
  if (meta['make-dirs'] === true) await makeDirAll(dir, 0o755, owner);
  const tmp = posix.join(dir, `${posix.basename(path)}.${randomBytes(6).toString('hex')}~`);
  try {
    await pipeline(content, createWriteStream(tmp, { flags: 'wx', mode, flush: true }));
  } catch (err) {
    await unlink(tmp).catch(() => undefined); // best effort: the temp file may not exist
    throw pathError('open', path, err);
  }
  try {
    await chmod(tmp, mode);
    await applyOwner(tmp, owner);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined); // best effort cleanup of our temp file
    throw toFileError(err);
  }
}

/** Checks the multipart content type and its boundary (at least 32 characters). */
function checkContentType(header: string | undefined): void {
  const m = /^multipart\/form-data\s*;(.*)$/i.exec(header ?? '');
  if (!m) throw new ApiError(400, `invalid media type ${JSON.stringify(header ?? '')}`);
  const b = /boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(m[1] ?? '');
  const boundary = b?.[1] ?? b?.[2] ?? '';
  if (boundary.length < 32) throw new ApiError(400, `invalid boundary ${JSON.stringify(boundary)}`);
}

interface PushState {
  metadata: Map<string, Record<string, unknown>> | undefined;
  results: Map<string, ItemResult>;
  writes: Promise<void>[];
  error: ApiError | undefined;
}

function onRequestField(st: PushState, name: string, value: string): void {
  if (st.metadata || st.error) return;
  if (name !== 'request') {
    st.error = new ApiError(400, `must specify "request" field first`);
    return;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(value) as Record<string, unknown>;
  } catch (err) {
    st.error = new ApiError(400, `cannot decode request body: ${(err as Error).message}`);
    return;
  }
  if (body['action'] !== 'write') {
    st.error = new ApiError(400, `must specify "write" action in multipart request`);
    return;
  }
  const files = Array.isArray(body['files']) ? (body['files'] as Record<string, unknown>[]) : [];
  if (files.length === 0) {
    st.error = new ApiError(400, 'must specify one or more files');
    return;
  }
  st.metadata = new Map(files.map((f) => [scalarString(f['path']), f]));
}

function onFile(st: PushState, name: string, stream: Readable, filename: string): void {
  const meta = st.metadata?.get(filename);
  if (st.error || !st.metadata || name !== 'files' || !meta) {
    if (!st.error && !st.metadata)
      st.error = new ApiError(400, `must specify "request" field first`);
    else if (!st.error && name !== 'files')
      st.error = new ApiError(400, `field name must be "files"; got ${JSON.stringify(name)}`);
    else if (!st.error)
      st.error = new ApiError(400, `no metadata for path ${JSON.stringify(filename)}`);
    stream.resume();
    return;
  }
  st.writes.push(
    writeAtomic(filename, stream, meta).then(
      () => void st.results.set(filename, { path: filename }),
      (err: unknown) => {
        stream.resume();
        st.results.set(filename, { path: filename, error: toFileError(err) });
      },
    ),
  );
}

/** Handles a multipart push; returns per-file results in request order. */
export async function pushFiles(req: IncomingMessage): Promise<ItemResult[]> {
  checkContentType(req.headers['content-type']);
  const st: PushState = { metadata: undefined, results: new Map(), writes: [], error: undefined };
  const bb = busboy({ headers: req.headers, preservePath: true, limits: { fieldSize: 16 << 20 } });
  bb.on('field', (name, value) => onRequestField(st, name, value));
  bb.on('file', (name, stream, info) => onFile(st, name, stream, info.filename ?? ''));
  try {
    await pipeline(req, bb);
  } catch (err) {
    throw new ApiError(400, `cannot parse multipart body: ${(err as Error).message}`);
  }
  await Promise.all(st.writes);
  if (st.error) throw st.error;
  if (!st.metadata) throw new ApiError(400, `must specify "request" field first`);
  return [...st.metadata.keys()].map(
    (path) =>
      st.results.get(path) ?? {
        path,
        error: new FileError(`no file content for path ${JSON.stringify(path)}`),
      },
  );
}
