/**
 * @module Least privilege for charm code (issue #4 item 9): when the controller runs as root,
 * hooks, actions and charm runners run as an unprivileged user — `charmkit` if that user
 * exists, else `nobody`, or the one asked for — which owns only its units' charm directories,
 * storage and Pebble sockets. The state directory is made traversable (0711), never
 * listable; the store, the key and the API socket stay 0600.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ControllerError } from '../model/errors.ts';

export interface CharmUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

function lookup(name: string): CharmUser | undefined {
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { name, uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/**
 * The user charm code runs as: none when the controller is not root (it runs as the
 * controller's own user) or when `requested` is `root` (an explicit opt-out).
 *
 * @param requested a user name (`--charm-user`); default `charmkit`, then `nobody`
 * @throws {ControllerError} when the requested user does not exist
 */
export function resolveCharmUser(requested?: string): CharmUser | undefined {
  if (process.getuid?.() !== 0 || requested === 'root') return undefined;
  if (requested !== undefined) {
    const user = lookup(requested);
    if (!user)
      throw new ControllerError(
        'invalid',
        `charm user "${requested}" does not exist: create it (useradd --system ${requested}) or choose another with --charm-user`,
      );
    return user;
  }
  const user = lookup('charmkit') ?? lookup('nobody');
  if (!user)
    throw new ControllerError(
      'invalid',
      'the controller runs as root but neither user "charmkit" nor "nobody" exists to run charm code: create one (useradd --system charmkit) or pass --charm-user',
    );
  return user;
}

/**
 * Checks, as `user`, that it can start this Node (charm runners and TypeScript dispatch need
 * it) and reach the state directory: a project or state directory under a private home
 * directory (`/root`) cannot be reached by anyone else.
 *
 * @throws {ControllerError} saying which of the two is out of reach and what to do
 */
export async function checkCharmUserAccess(user: CharmUser, stateDir: string): Promise<void> {
  chmodSync(stateDir, (lstatSync(stateDir).mode & 0o777) | 0o711);
  const problem = await new Promise<string | undefined>((resolve) => {
    execFile(
      process.execPath,
      ['-e', 'require("node:fs").accessSync(process.argv[1], 1)', stateDir],
      { uid: user.uid, gid: user.gid, cwd: '/' },
      (error, _stdout, stderr) => {
        if (!error) resolve(undefined);
        else if (stderr.includes('EACCES') && stderr.includes(stateDir))
          resolve(
            `cannot reach the state directory ${stateDir}: choose one every parent of which other users may traverse (e.g. /var/lib/charmkit, --state-dir)`,
          );
        else
          resolve(
            `cannot run ${process.execPath}: install the project where other users can read it`,
          );
      },
    );
  });
  if (problem)
    throw new ControllerError(
      'invalid',
      `charm code runs as user ${user.name} because the controller runs as root, but ${user.name} ${problem}; or choose another user with --charm-user (root opts out)`,
    );
}

/** Gives `path` and everything under it to `user` (symbolic links are not followed). */
export function chownTree(path: string, user: CharmUser): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chownSync(path, user.uid, user.gid);
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), user);
}

/**
 * Lets others traverse (not list) every directory from `root` down to `path`'s parent, so a
 * charm user can reach its own files under the state directory.
 */
export function traversable(root: string, path: string): void {
  const rel = relative(root, dirname(path));
  if (rel.startsWith('..')) return;
  let dir = root;
  chmodSync(dir, (lstatSync(dir).mode & 0o777) | 0o711);
  for (const part of rel.split(sep).filter(Boolean)) {
    dir = join(dir, part);
    if (existsSync(dir)) chmodSync(dir, (lstatSync(dir).mode & 0o777) | 0o711);
  }
}
