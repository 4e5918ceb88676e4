/**
 * @module Ownership of written files and directories (pebble-api.md §5.4) and the directory
 * creation helper shared by push `make-dirs` and the `make-dirs` action (§5.6).
 */
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, rename, rmdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { normalizeUidGid } from '../util/users.ts';
import { FileError, pathError } from './file-error.ts';

export interface Owner {
  readonly uid?: number;
  readonly gid?: number;
}

function optNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function optText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Resolves `user-id`/`user`/`group-id`/`group` of a request item. */
export function resolveOwner(item: Record<string, unknown>): Owner {
  try {
    return normalizeUidGid({
      userId: optNumber(item['user-id']),
      user: optText(item['user']),
      groupId: optNumber(item['group-id']),
      group: optText(item['group']),
    });
  } catch (err) {
    throw new FileError(`cannot look up user and group: ${(err as Error).message}`);
  }
}

/** Applies owner if set (skipped when it is already ours). */
export async function applyOwner(path: string, owner: Owner): Promise<void> {
  if (owner.uid === undefined || owner.gid === undefined) return;
  try {
    await chown(path, owner.uid, owner.gid);
  } catch (err) {
    throw pathError('chown', path, err);
  }
}

/**
 * Creates one directory like Pebble: `<path>.mkdir-new` (the name Pebble's errors show),
 * chown, chmod, rename, so the directory never appears with the wrong owner. Where another
 * creator holds that name at the moment (two daemons making one host directory for units
 * that share it), a name of this call's own is used instead of failing.
 */
export async function makeOneDir(path: string, mode: number, owner: Owner): Promise<void> {
  let tmp = `${path}.mkdir-new`;
  try {
    await mkdir(tmp, { mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw pathError('mkdir', tmp, err);
    tmp = `${path}.mkdir-new-${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(tmp, { mode });
    } catch (again) {
      throw pathError('mkdir', tmp, again);
    }
  }
  try {
    await applyOwner(tmp, owner);
    await chmod(tmp, mode);
    // Another creator finished first: keep theirs. Renaming over it would replace an empty
    // directory that a third may be creating entries in at this moment.
    if ((await stat(path).catch(() => undefined))?.isDirectory()) await rmdir(tmp);
    else await rename(tmp, path);
  } catch (err) {
    await rmdir(tmp).catch(() => undefined);
    throw err;
  }
}

/** Creates `path` and any missing parents with `mode`/`owner`; existing dirs are kept. */
export async function makeDirAll(path: string, mode: number, owner: Owner): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw pathError('stat', path, err);
  }
  if (s) {
    if (!s.isDirectory())
      throw pathError('mkdir', path, Object.assign(new Error(), { code: 'ENOTDIR' }));
    return;
  }
  const parent = posix.dirname(path);
  for (let attempt = 0; ; attempt++) {
    if (parent !== path) await makeDirAll(parent, mode, owner);
    try {
      await makeOneDir(path, mode, owner);
      return;
    } catch (err) {
      // Lost a race with another creator: fine if it is now a directory; if the parent was
      // swapped under us (a directory being replaced), make sure of it and try again.
      const again = await stat(path).catch(() => undefined);
      if (again?.isDirectory()) return;
      const notFound =
        err instanceof FileError
          ? err.kind === 'not-found'
          : (err as NodeJS.ErrnoException).code === 'ENOENT';
      if (!notFound || attempt >= 4) throw err;
    }
  }
}
