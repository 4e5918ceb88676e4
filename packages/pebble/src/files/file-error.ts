/**
 * @module File error mapping (pebble-api.md §5.1): Node errno errors become Go `*PathError`
 * texts (`stat /p: no such file or directory`) with Pebble's error kinds and list statuses.
 */
import type { ErrorKind } from '../api/envelope.ts';

const GO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  ENOTEMPTY: 'directory not empty',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EINVAL: 'invalid argument',
  ENAMETOOLONG: 'file name too long',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** A per-item file error: `{message, kind}` on the wire. */
export class FileError extends Error {
  readonly kind: ErrorKind;

  constructor(message: string, kind: ErrorKind = 'generic-file-error') {
    super(message);
    this.name = 'FileError';
    this.kind = kind;
  }

  /** HTTP status for list errors: 404, 403 or 400. */
  get status(): number {
    return this.kind === 'not-found' ? 404 : this.kind === 'permission-denied' ? 403 : 400;
  }

  toJSON(): { message: string; kind: ErrorKind } {
    return { message: this.message, kind: this.kind };
  }
}

/** Wraps a Node fs error as Go would print `op path: text`. */
export function pathError(op: string, path: string, err: unknown): FileError {
  if (err instanceof FileError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const text = GO_TEXT[code] ?? (err as Error).message;
  const kind: ErrorKind =
    code === 'ENOENT'
      ? 'not-found'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission-denied'
        : 'generic-file-error';
  return new FileError(`${op} ${path}: ${text}`, kind);
}

/** Converts any thrown value to a FileError (generic kind unless it is a path error). */
export function toFileError(err: unknown): FileError {
  if (err instanceof FileError) return err;
  if ((err as NodeJS.ErrnoException).code && (err as NodeJS.ErrnoException).syscall) {
    const e = err as NodeJS.ErrnoException;
    return pathError(e.syscall ?? 'open', e.path ?? '', err);
  }
  return new FileError((err as Error).message);
}

/** Checks that `path` is absolute; per-item error otherwise. */
export function requireAbsolute(path: string): void {
  if (!path.startsWith('/'))
    throw new FileError(`paths must be absolute, got ${JSON.stringify(path)}`);
}

/** Parses a 3-digit octal permissions string (default when empty). */
export function parsePermissions(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^[0-7]{3}$/.test(text)) {
    throw new FileError(`permissions must be a 3-digit octal string, got ${JSON.stringify(text)}`);
  }
  return parseInt(text, 8);
}
