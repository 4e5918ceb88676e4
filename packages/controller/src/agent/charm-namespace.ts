/**
 * @module Where Python `ops` charms look for Pebble: `/charm/containers/<name>/pebble.socket`,
 * a fixed path on Kubernetes. On one machine many units share that path, so each hook gets
 * its own mount namespace (Linux, controller as root) in which a private tmpfs on `/charm`
 * holds the unit's socket directory, bind-mounted at `/charm/containers`; the hook then drops
 * to the charm user. Where namespaces are not available (not root, no `unshare`, a container
 * without CAP_SYS_ADMIN) charms find their sockets through `CHARMKIT_PEBBLE_SOCKET_DIR` only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { CharmUser } from './charm-user.ts';

/** Mounts, drops privileges, runs the hook: `$1` socket dir, `$2` uid, `$3` gid, then argv. */
const SCRIPT = `set -e
mount -t tmpfs -o mode=0755,size=64k charmkit /charm
mkdir /charm/containers
mount --bind "$1" /charm/containers
uid=$2 gid=$3
shift 3
if [ -n "$uid" ]; then exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"; fi
exec "$@"`;

/**
 * Whether hooks can get their own `/charm/containers`: root, `unshare` and `setpriv`
 * (util-linux), and the right to mount. Creates the empty `/charm` mount point when it can.
 */
export function mountNamespacesAvailable(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    if (!existsSync('/charm')) mkdirSync('/charm', { mode: 0o755 });
    execFileSync('unshare', ['--mount', '--propagation', 'private', '--', 'true'], {
      stdio: 'ignore',
    });
    execFileSync('setpriv', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `command args…` run in a private mount namespace with the unit's sockets at `/charm/containers`. */
export function inMountNamespace(
  command: string,
  args: readonly string[],
  options: { socketDir: string; user: CharmUser | undefined },
): { command: string; args: string[] } {
  const { socketDir, user } = options;
  return {
    command: 'unshare',
    args: [
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      SCRIPT,
      'charmkit-hook',
      socketDir,
      user ? String(user.uid) : '',
      user ? String(user.gid) : '',
      command,
      ...args,
    ],
  };
}
