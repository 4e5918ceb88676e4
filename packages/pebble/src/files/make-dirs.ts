/**
 * @module `make-dirs` and `remove` actions (pebble-api.md §5.6–§5.7), each returning
 * `[{path, error?}]` per item.
 */
import { lstat, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { scalarString } from '../api/body.ts';
import type { FileError } from './file-error.ts';
import { parsePermissions, pathError, requireAbsolute, toFileError } from './file-error.ts';
import { makeDirAll, makeOneDir, resolveOwner } from './owner.ts';

export interface ItemResult {
  path: string;
  error?: FileError;
}

async function makeDir(item: Record<string, unknown>): Promise<void> {
  const path = scalarString(item['path']);
  requireAbsolute(path);
  const mode = parsePermissions(item['permissions'] as string | undefined, 0o755);
  const owner = resolveOwner(item);
  if (item['make-parents'] === true) {
    await makeDirAll(path, mode, owner);
    return;
  }
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (exists) throw pathError('mkdir', path, Object.assign(new Error(), { code: 'EEXIST' }));
  await makeOneDir(path, mode, owner);
}

async function removePath(item: Record<string, unknown>): Promise<void> {
  const path = scalarString(item['path']);
  requireAbsolute(path);
  if (item['recursive'] === true) {
    try {
      await rm(path, { recursive: true, force: true });
    } catch (err) {
      throw pathError('unlinkat', path, err);
    }
    return;
  }
  try {
    const s = await lstat(path);
    if (s.isDirectory()) await rmdir(path);
    else await unlink(path);
  } catch (err) {
    throw pathError('remove', path, err);
  }
}

async function each(
  items: unknown,
  fn: (item: Record<string, unknown>) => Promise<void>,
): Promise<ItemResult[]> {
  const list = Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
  const out: ItemResult[] = [];
  for (const item of list) {
    const path = scalarString(item['path']);
    try {
      await fn(item);
      out.push({ path });
    } catch (err) {
      out.push({ path, error: toFileError(err) });
    }
  }
  return out;
}

/** Handles `{"action":"make-dirs","dirs":[...]}`. */
export function makeDirs(dirs: unknown): Promise<ItemResult[]> {
  return each(dirs, makeDir);
}

/** Handles `{"action":"remove","paths":[...]}`. */
export function removePaths(paths: unknown): Promise<ItemResult[]> {
  return each(paths, removePath);
}
