/**
 * Least privilege (issue #4 item 9): a controller running as root runs charm code as an
 * unprivileged user, which owns its unit's files and sockets and nothing else; the store and
 * the key stay the controller's. Runs only where the tests run as root (CI does).
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeTool } from '../src/agent/call-executor.ts';
import { mountNamespaceSupport } from '../src/agent/charm-namespace.ts';
import { resolveCharmUser } from '../src/agent/charm-user.ts';
import { Controller } from '../src/controller.ts';

const kv = fileURLToPath(new URL('fixtures/kv', import.meta.url));
const root = process.getuid?.() === 0;
const namespaces = mountNamespaceSupport().mode === 'root';

async function execOn(controller: Controller, command: string): Promise<string> {
  const task = controller.exec('m', 'kv/0', command, 10_000);
  const done = await controller.waitAction('m', task.id, 20_000);
  const stdout = done.results.stdout;
  return typeof stdout === 'string' ? stdout.trim() : '';
}

describe.skipIf(!root)('charm code as an unprivileged user (controller as root)', () => {
  let controller: Controller;
  let stateDir: string;
  const user = root ? resolveCharmUser() : undefined;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'charmkit-user-'));
    controller = await Controller.start({ stateDir, execute: executeTool });
    controller.ops.createModel('m');
    const resource = join(mkdtempSync(join(tmpdir(), 'charmkit-res-')), 'payload.txt');
    writeFileSync(resource, 'forty-two');
    await controller.deploy('m', kv, { resources: { payload: resource } });
    await controller.agents.settled();
  }, 60_000);
  afterAll(() => controller.stop());

  it('runs hooks and exec as the charm user, never root', async () => {
    expect(user?.uid).toBeGreaterThan(0);
    expect(await execOn(controller, 'id -u')).toBe(String(user!.uid));
  });

  it('gives the unit its charm directory, storage and Pebble sockets, and a readable resource', async () => {
    const charmDir = (await execOn(controller, 'pwd')).trim();
    expect(statSync(charmDir).uid).toBe(user!.uid);
    const pebbleDir = await execOn(controller, 'echo $CHARMKIT_PEBBLE_SOCKET_DIR');
    expect(statSync(join(pebbleDir, 'work', 'pebble.socket')).uid).toBe(user!.uid);
    expect(await execOn(controller, 'cat "$(resource-get payload)"')).toBe('forty-two');
    expect(controller.logs('m').map((l) => l.message)).toContain('payload says forty-two');
  });

  it.skipIf(!namespaces)(
    "shows each hook its own unit's Pebble at /charm/containers, where Python ops looks",
    async () => {
      const request =
        "require('node:http').get({ socketPath: '/charm/containers/work/pebble.socket', " +
        "path: '/v1/system-info' }, (res) => console.log(res.statusCode))";
      const probe = `'${process.execPath}' -e "${request}"`;
      expect(await execOn(controller, probe)).toBe('200');
      expect(existsSync('/charm/containers')).toBe(false); // on the host: nothing
    },
  );

  it('keeps the store and the key to the controller, and the state directory unlistable', async () => {
    for (const file of ['controller.db', 'controller.key'])
      expect(statSync(join(stateDir, file)).mode & 0o077).toBe(0);
    expect(statSync(stateDir).mode & 0o777).toBe(0o711);
    const listing = await execOn(controller, `ls ${stateDir} 2>&1 || echo denied`);
    expect(listing).toContain('denied');
    const db = await execOn(
      controller,
      `cat ${join(stateDir, 'controller.db')} 2>&1 || echo denied`,
    );
    expect(db).toContain('denied');
  });

  it('refuses a charm user that does not exist, naming it', async () => {
    await expect(
      Controller.start({
        stateDir: mkdtempSync(join(tmpdir(), 'charmkit-user-')),
        execute: executeTool,
        charmUser: 'no-such-user-here',
      }),
    ).rejects.toThrow('charm user "no-such-user-here" does not exist');
  });

  it('runs charm code as root only when asked to (--charm-user root)', async () => {
    const other = await Controller.start({
      stateDir: mkdtempSync(join(tmpdir(), 'charmkit-user-')),
      execute: executeTool,
      charmUser: 'root',
    });
    try {
      other.ops.createModel('m');
      await other.deploy('m', kv, {});
      await other.agents.settled();
      expect(await execOn(other, 'id -u')).toBe('0');
    } finally {
      await other.stop();
    }
  }, 30_000);
});
