/**
 * The controller end to end: a real SQLite store, real unit agents running a real shell
 * `dispatch` charm whose hook tools talk to the agent over loopback.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PebbleHttpClient } from '@charmkit/ops/pebble';
import { describe, expect, it } from 'vitest';
import { withController } from './with-controller.ts';

const kv = fileURLToPath(new URL('fixtures/kv', import.meta.url));
const ctl = withController('charmkit-ctl-');

const unit = (name: string) => ctl.current.ops.repo.unit(ctl.current.ops.modelUuid('test'), name)!;
const ran = (name: string) =>
  ctl.current
    .logs('test')
    .filter((l) => l.entity === name && l.message.startsWith('ran '))
    .map((l) => l.message.slice(4));

describe('controller', () => {
  it('deploys a dispatch charm through the install phase; statuses come from its hook tools', async () => {
    await ctl.current.deploy('test', kv, { numUnits: 2, config: { greeting: 'hello there' } });
    await ctl.current.agents.settled();
    // The peer's own joined hook writes its bag, so one more relation-changed may follow.
    expect(ran('kv/0').slice(0, 9)).toEqual([
      'data-storage-attached',
      'install',
      'cluster-relation-created',
      'leader-elected',
      'work-pebble-ready',
      'config-changed',
      'start',
      'cluster-relation-joined',
      'cluster-relation-changed',
    ]);
    expect(new Set(ran('kv/0').slice(9))).toEqual(
      new Set(ran('kv/0').length > 9 ? ['cluster-relation-changed'] : []),
    );
    expect(unit('kv/0').workloadStatus).toMatchObject({ name: 'active', message: 'hello there' });
    const storageLine = ctl.current
      .logs('test')
      .find((l) => l.entity === 'kv/0' && l.message.startsWith('storage '));
    expect(storageLine?.message).toMatch(/^storage data\/0 at \/.*\/storage\/[0-9a-f-]+\/data-0$/);
    // A regression: `storage-get` had no default instance, and ops <= 3.3 could not find it.
    expect(ctl.current.logs('test').map((l) => l.message)).toContainEqual(
      expect.stringMatching(/^help says -s +\(= data\/0\)/),
    );
    expect(unit('kv/1').agentStatus.name).toBe('idle');
    expect(ran('kv/1')).toContain('leader-settings-changed');
    expect(ran('kv/1')).toContain('cluster-relation-changed');
  });

  it('relation data written in one unit’s hook reaches the other side as relation-changed', async () => {
    await ctl.current.deploy('test', kv, { name: 'a' });
    await ctl.current.deploy('test', kv, { name: 'b' });
    await ctl.current.agents.settled();
    ctl.current.change('test', (uuid) => ctl.current.ops.integrate(uuid, 'a:upstream', 'b:kv'));
    await ctl.current.agents.settled();
    expect(unit('a/0').workloadStatus.message).toBe('upstream says b/0');
  });

  it('removing an application breaks its relations on the other side before they go (regression)', async () => {
    await ctl.current.deploy('test', kv, { name: 'a' });
    await ctl.current.deploy('test', kv, { name: 'b' });
    ctl.current.change('test', (uuid) => ctl.current.ops.integrate(uuid, 'a:upstream', 'b:kv'));
    await ctl.current.agents.settled();
    // a/0 is held up (its departed hook fails) until b is entirely gone.
    ctl.current.change('test', (uuid) =>
      ctl.current.ops.setConfig(uuid, 'a', { 'fail-on': 'upstream-relation-departed' }),
    );
    await ctl.current.agents.settled();
    ctl.current.change('test', (uuid) => ctl.current.ops.removeApplication(uuid, 'b'));
    await ctl.current.agents.settled();
    expect(
      ctl.current.ops.repo.application(ctl.current.ops.modelUuid('test'), 'b'),
    ).toBeUndefined();
    ctl.current.change('test', (u) => ctl.current.ops.setConfig(u, 'a', { 'fail-on': '' }));
    ctl.current.resolve('test', 'a/0');
    await ctl.current.agents.settled();
    expect(ran('a/0').slice(-2)).toEqual([
      'upstream-relation-departed',
      'upstream-relation-broken',
    ]);
    const uuid = ctl.current.ops.modelUuid('test');
    expect(ctl.current.ops.repo.relations(uuid).filter((r) => r.endpoints.length === 2)).toEqual(
      [],
    );
  });

  it('a failing hook puts the unit in error, drops its writes, and resolve retries it', async () => {
    await ctl.current.deploy('test', kv, { name: 'a' });
    await ctl.current.deploy('test', kv, { name: 'b' });
    ctl.current.change('test', (uuid) => ctl.current.ops.integrate(uuid, 'a:upstream', 'b:kv'));
    await ctl.current.agents.settled();
    ctl.current.change('test', (uuid) =>
      ctl.current.ops.setConfig(uuid, 'a', { 'fail-on': 'config-changed', greeting: 'x' }),
    );
    await ctl.current.agents.settled();
    expect(unit('a/0').agentStatus).toMatchObject({
      name: 'error',
      message: 'hook failed: "config-changed"',
    });
    const uuid = ctl.current.ops.modelUuid('test');
    const relation = ctl.current.ops.repo.relations(uuid).find((r) => r.endpoints.length === 2)!;
    expect(ctl.current.ops.repo.settings(uuid, relation.id, 'a/0').data.lost).toBeUndefined();
    expect(
      ctl.current.logs('test').some((l) => l.message === 'failing config-changed on purpose'),
    ).toBe(true);
    ctl.current.change('test', (u) => ctl.current.ops.setConfig(u, 'a', { 'fail-on': '' }));
    ctl.current.resolve('test', 'a/0');
    await ctl.current.agents.settled();
    expect(unit('a/0').agentStatus.name).toBe('idle');
    expect(unit('a/0').workloadStatus.message).toBe('x');
  });

  it('answers bad hook-tool calls with Juju’s errors and exit codes', async () => {
    await ctl.current.deploy('test', kv);
    await ctl.current.agents.settled();
    const logs = ctl.current.logs('test').map((l) => l.message);
    expect(logs).toContain('ran start');
  });

  it('runs actions with validated params, results, logs and failures', async () => {
    await ctl.current.deploy('test', kv, { numUnits: 2 });
    await ctl.current.agents.settled();
    const echo = ctl.current.runAction('test', 'kv/leader', 'echo', { text: 'hi there' });
    expect(echo.unit).toBe('kv/0');
    const done = await ctl.current.waitAction('test', echo.id, 10_000);
    expect(done).toMatchObject({
      status: 'completed',
      message: '',
      results: { out: { text: 'hi there', times: '1' }, 'return-code': 0 },
    });
    expect(done.log[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000 UTC echoing$/);
    const boom = await ctl.current.waitAction(
      'test',
      ctl.current.runAction('test', 'kv/1', 'boom').id,
      10_000,
    );
    expect(boom).toMatchObject({
      status: 'failed',
      results: { 'return-code': 1, stderr: 'kaboom\n' },
    });
    const refuse = await ctl.current.waitAction(
      'test',
      ctl.current.runAction('test', 'kv/1', 'refuse').id,
      10_000,
    );
    expect(refuse).toMatchObject({
      status: 'failed',
      message: 'not today',
      results: { 'return-code': 0 },
    });
    expect(unit('kv/1').agentStatus.name).toBe('idle');
  });

  it('refuses actions Juju would refuse', async () => {
    await ctl.current.deploy('test', kv);
    expect(() => ctl.current.runAction('test', 'kv/0', 'nope')).toThrow(
      'action "nope" not defined for unit "kv/0". (not found)',
    );
    // In Juju's gojsonschema words.
    expect(() => ctl.current.runAction('test', 'kv/0', 'echo', {})).toThrow(
      'validation failed: (root) : "text" property is missing and required, given {}',
    );
    expect(() =>
      ctl.current.runAction('test', 'kv/0', 'echo', { text: 'a', colour: 'red' }),
    ).toThrow(
      'validation failed: (root) : additional property "colour" is not allowed, given {"colour":"red","text":"a"}',
    );
    expect(() => ctl.current.runAction('test', 'kv/0', 'echo', { times: 'two', text: 5 })).toThrow(
      'validation failed: (root).text : must be of type string, given 5; (root).times : must be of type integer, given "two"',
    );
    expect(() => ctl.current.runAction('test', 'kv/9', 'echo', { text: 'a' })).toThrow(
      'unit "kv/9" not found',
    );
  });

  it('runs update-status on the model’s interval, quietly', async () => {
    const uuid = ctl.current.ops.modelUuid('test');
    expect(() =>
      ctl.current.ops.setModelConfig(uuid, { 'update-status-hook-interval': 'often' }),
    ).toThrow('update-status-hook-interval: invalid duration "often"');
    expect(() => ctl.current.ops.setModelConfig(uuid, { 'no-such-key': '1' })).toThrow(
      'unknown model config key "no-such-key"',
    );
    ctl.current.ops.setModelConfig(uuid, { 'update-status-hook-interval': '1s' });
    await ctl.current.deploy('test', kv);
    await ctl.current.agents.settled();
    const deadline = Date.now() + 10_000;
    while (!ran('kv/0').includes('update-status') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(ran('kv/0')).toContain('update-status');
    const history = ctl.current.ops.repo.store.all<{ message: string }>(
      "SELECT message FROM status_history WHERE entity = 'kv/0' AND kind = 'agent'",
    );
    expect(history.some((h) => h.message.includes('update-status'))).toBe(false);
  });

  it('turns Pebble custom notices into pebble-custom-notice hooks', async () => {
    await ctl.current.deploy('test', kv);
    await ctl.current.agents.settled();
    expect(ran('kv/0')).toContain('work-pebble-ready');
    const uuid = ctl.current.ops.modelUuid('test');
    const socket = join(ctl.current.containerSocketDir(uuid, 'kv/0'), 'work', 'pebble.socket');
    await new PebbleHttpClient({ socketPath: socket }).notify('example.com/ping', {
      data: { n: '1' },
    });
    const said = () => ctl.current.logs('test').map((l) => l.message);
    const deadline = Date.now() + 10_000;
    while (!said().includes('notice custom example.com/ping on work') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(said()).toContain('notice custom example.com/ping on work');
    expect(ran('kv/0')).toContain('work-pebble-custom-notice');
  });

  it('retries a failed hook automatically, with a growing delay', async () => {
    await ctl.current.deploy('test', kv, { config: { 'fail-on': 'config-changed' } });
    await ctl.current.agents.settled();
    expect(unit('kv/0').agentStatus.message).toBe('hook failed: "config-changed"');
    const retryAt = Date.parse(unit('kv/0').local.hookError!.retryAt!);
    expect(retryAt - Date.now()).toBeGreaterThan(3000);
    ctl.current.change('test', (uuid) => ctl.current.ops.setConfig(uuid, 'kv', { 'fail-on': '' }));
    const deadline = Date.now() + 15_000;
    while (unit('kv/0').agentStatus.name !== 'idle' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(unit('kv/0').agentStatus.name).toBe('idle');
    expect(unit('kv/0').local.hookRetries).toBeUndefined();
  }, 20_000);

  it('hands resources to the charm and refuses unknown ones', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'charmkit-res-')), 'payload.txt');
    writeFileSync(file, 'forty-two');
    await expect(ctl.current.deploy('test', kv, { resources: { nope: file } })).rejects.toThrow(
      'unrecognized resource "nope"',
    );
    await expect(
      ctl.current.deploy('test', kv, { resources: { payload: '/no/such/file' } }),
    ).rejects.toThrow('resource "payload": file /no/such/file does not exist');
    await ctl.current.deploy('test', kv, { resources: { payload: file } });
    await ctl.current.agents.settled();
    expect(ctl.current.logs('test').map((l) => l.message)).toContain('payload says forty-two');
  });
});
