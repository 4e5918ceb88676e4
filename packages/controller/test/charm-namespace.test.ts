/**
 * The hook wrapper that shows Python charms their Pebble sockets at `/charm/containers`: in
 * `root` mode (controller as root, dropping to the charm user) and in `user` mode (controller
 * as a user, through unprivileged user namespaces). Both are run for real, as root here
 * starting the `user` mode as `nobody`; skipped where the kernel or the tests' user does not
 * allow it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inMountNamespace, mountNamespaceSupport } from '../src/agent/charm-namespace.ts';

const run = promisify(execFile);
const NOBODY = { uid: 65534, gid: 65534 };
const rootMode = mountNamespaceSupport().mode === 'root';

/** Whether `nobody` may create user namespaces here (some kernels and containers refuse). */
async function userNamespacesForNobody(): Promise<boolean> {
  if (!rootMode) return false;
  try {
    await run('unshare', ['--user', '--map-root-user', '--mount', 'true'], NOBODY);
    return true;
  } catch {
    return false;
  }
}

function socketDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'charmkit-nsdir-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'marker'), '');
  return dir;
}

const probe = ['-c', 'id -u; id -g; ls /charm/containers'];

describe.skipIf(!rootMode)('hooks in their own mount namespace', () => {
  it('root mode: mounts the unit’s sockets, then runs the hook as the charm user', async () => {
    const wrapped = inMountNamespace('sh', probe, {
      socketDir: socketDir(),
      user: NOBODY,
      mode: 'root',
    });
    const { stdout } = await run(wrapped.command, wrapped.args);
    expect(stdout).toBe('65534\n65534\nmarker\n');
    expect(existsSync('/charm/containers')).toBe(false);
  });

  it('user mode: a controller that is not root gets the same, and the hook keeps its uid', async (ctx) => {
    if (!(await userNamespacesForNobody())) ctx.skip();
    const wrapped = inMountNamespace('sh', probe, {
      socketDir: socketDir(),
      user: NOBODY,
      mode: 'user',
    });
    const { stdout } = await run(wrapped.command, wrapped.args, NOBODY);
    expect(stdout).toBe('65534\n65534\nmarker\n');
    expect(existsSync('/charm/containers')).toBe(false);
  });

  it('user mode fails loudly rather than running the hook without its sockets', async (ctx) => {
    if (!(await userNamespacesForNobody())) ctx.skip();
    const wrapped = inMountNamespace('sh', probe, {
      socketDir: '/no/such/dir',
      user: NOBODY,
      mode: 'user',
    });
    await expect(run(wrapped.command, wrapped.args, NOBODY)).rejects.toThrow();
  });
});
