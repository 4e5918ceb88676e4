/**
 * @module `GET /v1/files?action=list` (pebble-api.md §5.5): stat the path, list a directory
 * (entries lstat-ed, sorted) or describe the path itself; Go-style names for `/`.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ApiError } from '../errors.ts';
import { groupName, lookupUserId } from '../util/users.ts';
import { FileError, pathError } from './file-error.ts';
import { compileGoPattern } from './go-match.ts';

function fileType(s: Stats): string {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isSocket()) return 'socket';
  if (s.isFIFO()) return 'named-pipe';
  if (s.isBlockDevice() || s.isCharacterDevice()) return 'device';
  return 'unknown';
}

/** Go's `path.Base`: `/` for the root, no trailing slash. */
export function goBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function entry(dir: string, name: string, s: Stats): Record<string, unknown> {
  const out: Record<string, unknown> = {
    path: name === '/' ? '/' : posix.join(dir, name),
    name,
    type: fileType(s),
  };
  if (s.isFile()) out['size'] = s.size;
  out['permissions'] = (s.mode & 0o777).toString(8).padStart(3, '0');
  out['last-modified'] = new Date(Math.floor(s.mtimeMs / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
  out['user-id'] = s.uid;
  out['user'] = lookupUserId(s.uid)?.name ?? '';
  out['group-id'] = s.gid;
  out['group'] = groupName(s.gid) ?? '';
  return out;
}

/** Lists `path`; throws `ApiError` (400) or `FileError` (404/403/400 via its status). */
export async function listFiles(
  path: string,
  pattern: string,
  itself: string,
): Promise<Record<string, unknown>[]> {
  if (!path.startsWith('/'))
    throw new ApiError(400, `path must be absolute, got ${JSON.stringify(path)}`);
  if (!['', 'true', 'false'].includes(itself)) {
    throw new ApiError(
      400,
      `itself parameter must be "true" or "false", got ${JSON.stringify(itself)}`,
    );
  }
  let matcher: RegExp | undefined;
  if (pattern) {
    try {
      matcher = compileGoPattern(pattern);
    } catch (err) {
      throw new ApiError(
        400,
        `cannot use pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`,
      );
    }
  }
  let s: Stats;
  try {
    s = await stat(path);
  } catch (err) {
    throw pathError('stat', path, err);
  }
  if (!s.isDirectory() || itself === 'true') {
    const name = goBase(path);
    if (matcher && !matcher.test(name)) return [];
    return [entry(posix.dirname(path.replace(/\/+$/, '') || '/'), name, s)];
  }
  let names: string[];
  try {
    names = (await readdir(path)).sort();
  } catch (err) {
    throw pathError('open', path, err);
  }
  const out: Record<string, unknown>[] = [];
  for (const name of names) {
    if (matcher && !matcher.test(name)) continue;
    try {
      out.push(entry(path, name, await lstat(posix.join(path, name))));
    } catch (err) {
      // Entry vanished between readdir and lstat: skip it, as a fresh listing would.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw pathError('lstat', name, err);
    }
  }
  return out;
}

export { FileError };
