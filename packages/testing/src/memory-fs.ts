/**
 * @module A container's virtual filesystem for the in-memory Pebble: files and directories
 * with permissions, and Pebble's per-item error kinds and Go-style messages (pebble-api.md §5).
 */
import type { FileInfo, MakeDirOptions, PushOptions } from '@charmkit/ops/pebble';
import { PebblePathError } from '@charmkit/ops/pebble';
import { parentOf } from './components.ts';
import type { VirtualFile } from './components.ts';

function notFound(op: string, path: string): PebblePathError {
  return new PebblePathError(path, {
    kind: 'not-found',
    message: `${op} ${path}: no such file or directory`,
  });
}

function generic(path: string, message: string): PebblePathError {
  return new PebblePathError(path, { kind: 'generic-file-error', message });
}

function checkAbsolute(path: string): void {
  if (!path.startsWith('/')) throw generic(path, `paths must be absolute, got "${path}"`);
}

export class MemoryFilesystem {
  readonly files: Map<string, VirtualFile>;
  readonly directories: Set<string>;

  constructor(files: Readonly<Record<string, VirtualFile>>, directories: readonly string[]) {
    this.files = new Map(Object.entries(files));
    this.directories = new Set(['/', ...directories]);
  }

  write(path: string, content: Uint8Array, options: PushOptions = {}): void {
    checkAbsolute(path);
    const parent = parentOf(path);
    if (!this.directories.has(parent)) {
      if (!options.makeDirs) throw notFound('open', path);
      this.#makeParents(parent, 0o755);
    }
    if (this.directories.has(path)) throw generic(path, `open ${path}: is a directory`);
    this.files.set(path, {
      content: Buffer.from(content),
      permissions: options.permissions ?? 0o644,
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.group === undefined ? {} : { group: options.group }),
    });
  }

  read(path: string): Uint8Array {
    checkAbsolute(path);
    const file = this.files.get(path);
    if (file) return file.content;
    if (this.directories.has(path)) throw generic(path, `can only read a regular file: "${path}"`);
    throw notFound('stat', path);
  }

  list(path: string, options: { pattern?: string; itself?: boolean } = {}): FileInfo[] {
    checkAbsolute(path);
    if (this.files.has(path) || (options.itself && this.directories.has(path))) {
      return [this.#info(path)];
    }
    if (!this.directories.has(path)) throw notFound('stat', path);
    const prefix = path === '/' ? '/' : `${path}/`;
    const children = [...this.files.keys(), ...this.directories].filter(
      (p) => p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'),
    );
    const matcher = options.pattern ? globToRegExp(options.pattern) : undefined;
    return children
      .filter((p) => !matcher || matcher.test(p.slice(prefix.length)))
      .sort()
      .map((p) => this.#info(p));
  }

  makeDir(path: string, options: MakeDirOptions = {}): void {
    checkAbsolute(path);
    if (this.files.has(path)) throw generic(path, `mkdir ${path}: not a directory`);
    if (this.directories.has(path)) {
      if (options.makeParents) return;
      throw generic(path, `mkdir ${path}: file exists`);
    }
    if (!this.directories.has(parentOf(path)) && !options.makeParents)
      throw notFound('mkdir', path);
    this.#makeParents(path, options.permissions ?? 0o755);
  }

  remove(path: string, options: { recursive?: boolean } = {}): void {
    checkAbsolute(path);
    const prefix = `${path}/`;
    const inside = [...this.files.keys(), ...this.directories].filter((p) => p.startsWith(prefix));
    if (!this.files.has(path) && !this.directories.has(path)) {
      if (options.recursive) return;
      throw notFound('remove', path);
    }
    if (inside.length > 0 && !options.recursive)
      throw generic(path, `remove ${path}: directory not empty`);
    for (const p of [path, ...inside]) {
      this.files.delete(p);
      this.directories.delete(p);
    }
  }

  #makeParents(path: string, permissions: number): void {
    for (let dir = path; dir !== '/' && !this.directories.has(dir); dir = parentOf(dir)) {
      if (this.files.has(dir)) throw generic(dir, `mkdir ${dir}: not a directory`);
      this.directories.add(dir);
      this.#dirPermissions.set(dir, permissions);
    }
  }

  readonly #dirPermissions = new Map<string, number>();

  #info(path: string): FileInfo {
    const file = this.files.get(path);
    const name = path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
    return {
      path,
      name,
      type: file ? 'file' : 'directory',
      ...(file ? { size: file.content.byteLength } : {}),
      permissions: file ? file.permissions : (this.#dirPermissions.get(path) ?? 0o755),
      lastModified: new Date(0),
      userId: null,
      user: file?.user ?? 'root',
      groupId: null,
      group: file?.group ?? 'root',
    };
  }
}

/** Go `path.Match` for one name: `*`, `?` and `[...]`. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[' || ch === ']') re += ch;
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
