/**
 * The owner's secret hooks on a real controller, driven by its clock: `secret-expired` when a
 * revision's expiry passes (JUJU_SECRET_REVISION set; not again once the revision is gone)
 * and `secret-rotate` when the rotation policy comes due.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withController } from './with-controller.ts';

const vault = fileURLToPath(new URL('fixtures/vault', import.meta.url));
const ctl = withController('charmkit-secrets-');

const messages = (prefix: string) =>
  ctl.current
    .logs('test')
    .map((l) => l.message)
    .filter((m) => m.startsWith(prefix));

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('secret hooks from the clock', () => {
  it('fires secret-expired once the revision expires, and not again after it is removed', async () => {
    await ctl.current.deploy('test', vault);
    await eventually(() => messages('expired ').length > 0);
    const [uri] = messages('added ').map((m) => m.slice('added '.length));
    expect(uri).toMatch(/^secret:[a-z0-9]{20}$/);
    expect(messages('expired ')).toEqual([`expired ${uri} revision 1 label own`]);
    const id = uri!.slice('secret:'.length);
    // secret-info-get shows the expiry (Go's time format) and the rotation policy.
    const info = JSON.parse(messages('info ')[0]!.slice('info '.length)) as Record<
      string,
      Record<string, unknown>
    >;
    expect(info[id]).toMatchObject({
      revision: 1,
      label: 'own',
      owner: 'application',
      rotation: 'hourly',
    });
    expect(String(info[id]!.expiry)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
    const uuid = ctl.current.ops.modelUuid('test');
    expect(ctl.current.ops.secrets.revisions(uuid, id).map((r) => r.revision)).toEqual([2]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(messages('expired ')).toHaveLength(1);
  }, 30_000);

  it('fires secret-rotate when the rotation comes due', async () => {
    await ctl.current.deploy('test', vault);
    // After the expiry's new revision, which sets the next rotation an hour on.
    await eventually(() => messages('expired ').length > 0);
    await ctl.current.agents.settled();
    const uri = messages('added ')[0]!.slice('added '.length);
    const uuid = ctl.current.ops.modelUuid('test');
    // An hour is long for a test: bring the rotation forward instead.
    ctl.current.ops.secrets.postponeRotation(
      uuid,
      uri.slice('secret:'.length),
      new Date(Date.now() + 1500),
    );
    await eventually(() => messages('rotate ').length > 0);
    expect(messages('rotate ')).toEqual([`rotate ${uri} label own`]);
  }, 30_000);
});
