/**
 * @module Where Python `ops` charms look for Pebble: `/charm/containers/<name>/pebble.socket`,
 * a fixed path on Kubernetes. On one machine many units share that path, so each hook gets
 * its own mount namespace in which a private tmpfs on `/charm` holds the unit's socket
 * directory, bind-mounted at `/charm/containers`. The host keeps only an empty `/charm`.
 *
 * - `root` mode (controller as root): `unshare --mount`, then the hook drops to the charm user.
 * - `user` mode (controller as a user, where the kernel allows unprivileged user namespaces):
 *   `unshare --user --map-root-user --mount` gives the right to mount; a nested user namespace
 *   then maps the controller's own uid back, so the hook runs as that user, as it would
 *   without a namespace. Needs the `/charm` mount point, which only root can create.
 *
 * Elsewhere charms find their sockets through `CHARMKIT_PEBBLE_SOCKET_DIR` only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CharmUser } from './charm-user.ts';

export type NamespaceMode = 'root' | 'user';

/** Mounts, then runs the hook as `$2:$3`: `$1` socket dir, `$4` mode, then argv. */
const SCRIPT = `set -e
mount -t tmpfs -o mode=0755,size=64k charmkit /charm
mkdir /charm/containers
mount --bind "$1" /charm/containers
uid=$2 gid=$3 mode=$4
shift 4
if [ "$mode" = user ]; then exec unshare --user --map-user="$uid" --map-group="$gid" -- "$@"; fi
if [ -n "$uid" ]; then exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"; fi
exec "$@"`;

/** Which namespace mode this process can use, or why none. */
export type NamespaceSupport = { mode: NamespaceMode } | { mode?: undefined; reason: string };

/**
 * Probes what hooks can get: as root, creates the empty `/charm` mount point when missing; as
 * a user, runs the whole `user`-mode wrapper once, which needs `/charm`, unprivileged user
 * namespaces and util-linux ≥ 2.38 (`unshare --map-user`).
 */
export function mountNamespaceSupport(): NamespaceSupport {
  if (process.platform !== 'linux') return { reason: 'mount namespaces need Linux' };
  const root = process.getuid?.() === 0;
  if (!existsSync('/charm')) {
    if (!root)
      return {
        reason:
          'Python charms will not find Pebble at /charm/containers: create the mount point once with `sudo mkdir -m 0755 /charm` and restart the controller',
      };
    mkdirSync('/charm', { mode: 0o755 });
  }
  const mode: NamespaceMode = root ? 'root' : 'user';
  const probe = mkdtempSync(join(tmpdir(), 'charmkit-ns-'));
  try {
    const run = inMountNamespace('true', [], { socketDir: probe, user: undefined, mode });
    execFileSync(run.command, run.args, { stdio: 'ignore' });
    if (root) execFileSync('setpriv', ['--help'], { stdio: 'ignore' });
    return { mode };
  } catch (error) {
    return {
      reason: `Python charms will not find Pebble at /charm/containers: hooks cannot get a mount namespace here (${root ? 'unshare --mount' : 'unprivileged user namespaces'} failed: ${(error as Error).message.split('\n')[0]})`,
    };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/**
 * `command args…` run in a private mount namespace with the unit's sockets at
 * `/charm/containers`, as `user` (in `user` mode default: this process's own uid and gid).
 */
export function inMountNamespace(
  command: string,
  args: readonly string[],
  options: {
    socketDir: string;
    user: Pick<CharmUser, 'uid' | 'gid'> | undefined;
    mode: NamespaceMode;
  },
): { command: string; args: string[] } {
  const { socketDir, mode } = options;
  const user =
    options.user ??
    (mode === 'user' ? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 } : undefined);
  const identity = user ? [String(user.uid), String(user.gid)] : ['', ''];
  const unshare = mode === 'user' ? ['--user', '--map-root-user', '--mount'] : ['--mount'];
  return {
    command: 'unshare',
    args: [
      ...unshare,
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      SCRIPT,
      'charmkit-hook',
      socketDir,
      ...identity,
      mode,
      command,
      ...args,
    ],
  };
}
