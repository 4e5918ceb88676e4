/**
 * hello-web's behaviour, state in and state out: config, Pebble, the peer relation,
 * leadership, secrets, the action and the collected status.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ActionFailed,
  Context,
  InconsistentStateError,
  UncaughtCharmError,
  container,
  peerRelation,
  relation,
  secret,
  state,
} from '@charmkit/testing';
import type { StateData } from '@charmkit/testing';
import { RelationDataAccessError } from '@charmkit/ops';
import { HelloWebCharm, SERVER_PATH, SERVICE } from '../src/charm.ts';

const charmDir = fileURLToPath(new URL('..', import.meta.url));
const newContext = () => new Context(HelloWebCharm, { charmDir });
const web = (options: Parameters<typeof container>[1] = {}) => container('web', options);
const peers = (options: Parameters<typeof peerRelation>[1] = {}) => peerRelation('peers', options);
/** A deployed leader: the peer relation exists and Pebble is up, as under Juju after install. */
const world = (data: Partial<StateData> = {}) =>
  state({ leader: true, relations: [peers()], containers: [web()], ...data });

describe('config-changed', () => {
  it('pushes the server, adds the layer, starts the service and opens the port', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world());
    expect(out.readFile('web', SERVER_PATH)).toContain('createServer');
    const plan = out.getContainer('web').layers[SERVICE];
    expect(plan?.services?.[SERVICE]?.environment).toMatchObject({
      PORT: '8080',
      GREETING: 'hello',
    });
    expect(out.getContainer('web').serviceStatuses[SERVICE]).toBe('active');
    expect(out.openedPorts).toEqual([{ protocol: 'tcp', port: 8080 }]);
    expect(out.unitStatus).toEqual({ name: 'active', message: 'serving on :8080' });
  });

  it('uses configured port and greeting', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { port: 9000, greeting: 'ahoy' } }),
    );
    const service = out.getContainer('web').layers[SERVICE]?.services?.[SERVICE];
    expect(service?.environment).toMatchObject({ PORT: '9000', GREETING: 'ahoy' });
    expect(out.openedPorts).toEqual([{ protocol: 'tcp', port: 9000 }]);
  });

  it('moves the opened port when the port changes', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { port: 9001 }, openedPorts: [{ protocol: 'tcp', port: 8080 }] }),
    );
    expect(out.openedPorts).toEqual([{ protocol: 'tcp', port: 9001 }]);
  });

  it('restarts the running service when its environment changes', async () => {
    const ctx = newContext();
    const first = await ctx.run(ctx.on.configChanged(), world());
    const second = await ctx.run(
      ctx.on.configChanged(),
      first.with({ config: { greeting: 'hi' } }),
    );
    const service = second.getContainer('web').layers[SERVICE]?.services?.[SERVICE];
    expect(service?.environment?.GREETING).toBe('hi');
    expect(second.getContainer('web').serviceStatuses[SERVICE]).toBe('active');
  });

  it('sets the workload version', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world());
    expect(out.workloadVersion).toBe('1.0.0');
  });

  it('does not change the input state', async () => {
    const ctx = newContext();
    const input = world();
    await ctx.run(ctx.on.configChanged(), input);
    expect(input.unitStatus.name).toBe('unknown');
    expect(input.getContainer('web').layers).toEqual({});
  });
});

describe('invalid config', () => {
  it('blocks on a port below 1024 and names the option', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world({ config: { port: 80 } }));
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toContain('port');
    expect(out.getContainer('web').layers).toEqual({});
  });

  it('blocks on an empty greeting', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world({ config: { greeting: '  ' } }));
    expect(out.unitStatus).toMatchObject({ name: 'blocked' });
    expect(out.unitStatus.message).toContain('greeting');
  });

  it('rejects a config value of the wrong type before running the charm', async () => {
    const ctx = newContext();
    await expect(
      ctx.run(ctx.on.configChanged(), state({ config: { port: '8080' }, containers: [web()] })),
    ).rejects.toThrow(InconsistentStateError);
  });

  it('rejects an option the charm does not have', async () => {
    const ctx = newContext();
    await expect(ctx.run(ctx.on.configChanged(), state({ config: { prot: 1 } }))).rejects.toThrow(
      /config option "prot"/,
    );
  });
});

describe('pebble', () => {
  it('waits while the web container cannot connect', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ containers: [web({ canConnect: false })] }),
    );
    expect(out.unitStatus).toEqual({
      name: 'waiting',
      message: 'waiting for Pebble in the web container',
    });
  });

  it('configures the workload on pebble-ready', async () => {
    const ctx = newContext();
    const container = web();
    const out = await ctx.run(ctx.on.pebbleReady(container), world({ containers: [container] }));
    expect(out.getContainer('web').serviceStatuses[SERVICE]).toBe('active');
    expect(out.unitStatus.name).toBe('active');
  });

  it('reports a failing health check over active', async () => {
    const ctx = newContext();
    const container = web({ checks: { alive: { status: 'down', failures: 3 } } });
    const out = await ctx.run(ctx.on.updateStatus(), world({ containers: [container] }));
    expect(out.unitStatus).toEqual({
      name: 'waiting',
      message: 'greeting server is not answering /health',
    });
  });

  it('adds the alive check to the plan', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.configChanged(), world());
    const check = out.getContainer('web').layers[SERVICE]?.checks?.alive;
    expect(check).toMatchObject({ level: 'alive', http: { url: 'http://192.0.2.0:8080/health' } });
  });

  it('does nothing on install', async () => {
    const ctx = newContext();
    const out = await ctx.run(ctx.on.install(), world());
    expect(out.getContainer('web').layers).toEqual({});
    expect(out.unitStatus.name).toBe('unknown');
  });
});

describe('peer relation and leadership', () => {
  it('the leader creates the cluster key secret and shares its id', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      state({ leader: true, relations: [peers()], containers: [web()] }),
    );
    const shared = out.getRelations('peers')[0]?.localAppData['cluster-key-secret'];
    expect(shared).toMatch(/^secret:[0-9a-v]{20}$/);
    const created = out.getSecret({ label: 'cluster-key' });
    expect(created.owner).toBe('app');
    expect(created.rotate).toBe('monthly');
    const env = out.getContainer('web').layers[SERVICE]?.services?.[SERVICE]?.environment;
    expect(env?.CLUSTER_KEY).toBe(created.revisions[1]?.['cluster-key']);
  });

  it('a non-leader waits for the cluster key', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      state({ relations: [peers()], containers: [web()] }),
    );
    expect(out.unitStatus).toEqual({
      name: 'waiting',
      message: 'waiting for the leader to share the cluster key',
    });
    expect(out.secrets).toEqual([]);
  });

  it('a non-leader uses the key the leader shared', async () => {
    const ctx = newContext();
    const key = secret({ 'cluster-key': 'abc123' }, { owner: 'app', label: 'cluster-key' });
    const rel = peers({ localAppData: { 'cluster-key-secret': key.id }, peersData: { 1: {} } });
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      state({ relations: [rel], secrets: [key], containers: [web()] }),
    );
    const env = out.getContainer('web').layers[SERVICE]?.services?.[SERVICE]?.environment;
    expect(env?.CLUSTER_KEY).toBe('abc123');
    expect(out.unitStatus.name).toBe('active');
  });

  it('a non-leader writing app data fails as it would under Juju', async () => {
    class Greedy extends HelloWebCharm {
      override async reconcile(): Promise<void> {
        this.model.relation('peers')?.localAppData.set('x', 'y');
        await super.reconcile();
      }
    }
    const ctx = new Context(Greedy, { charmDir });
    const err = await ctx
      .run(ctx.on.configChanged(), world({ leader: false }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UncaughtCharmError);
    expect((err as UncaughtCharmError).cause).toBeInstanceOf(RelationDataAccessError);
  });

  it('rotates the cluster key on secret-rotate', async () => {
    const ctx = newContext();
    const key = secret({ 'cluster-key': 'old' }, { owner: 'app', label: 'cluster-key' });
    const out = await ctx.run(
      ctx.on.secretRotate(key),
      state({ leader: true, secrets: [key], containers: [web()] }),
    );
    const rotated = out.getSecret({ id: key.id });
    expect(Object.keys(rotated.revisions)).toEqual(['1', '2']);
    expect(rotated.revisions[2]?.['cluster-key']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects a peer endpoint given as a regular relation', async () => {
    const ctx = newContext();
    await expect(
      ctx.run(ctx.on.configChanged(), state({ relations: [relation('peers')] })),
    ).rejects.toThrow(/use peerRelation\('peers'\)/);
  });
});

describe('api-token secret', () => {
  it('passes the token to the workload', async () => {
    const ctx = newContext();
    const token = secret({ token: 's3cret' });
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { 'api-token': token.id }, secrets: [token] }),
    );
    const env = out.getContainer('web').layers[SERVICE]?.services?.[SERVICE]?.environment;
    expect(env?.API_TOKEN).toBe('s3cret');
  });

  it('blocks when the secret was not granted', async () => {
    const ctx = newContext();
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { 'api-token': 'secret:aaaaaaaaaaaaaaaaaaaa' } }),
    );
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toContain('grant-secret');
  });

  it('blocks when the secret has no token key', async () => {
    const ctx = newContext();
    const token = secret({ password: 'x' });
    const out = await ctx.run(
      ctx.on.configChanged(),
      world({ config: { 'api-token': token.id }, secrets: [token] }),
    );
    expect(out.unitStatus).toEqual({
      name: 'blocked',
      message: 'api-token secret has no "token" key',
    });
  });
});

describe('greet action', () => {
  it('greets with the configured greeting', async () => {
    const ctx = newContext();
    await ctx.run(ctx.on.action('greet', { name: 'Ada' }), world({ config: { greeting: 'hi' } }));
    expect(ctx.actionResults).toEqual({ greeting: 'hi, Ada!' });
  });

  it('shouts when loud', async () => {
    const ctx = newContext();
    await ctx.run(ctx.on.action('greet', { name: 'Ada', loud: true }), state());
    expect(ctx.actionResults).toEqual({ greeting: 'HELLO, ADA!' });
  });

  it('fails on a blank name', async () => {
    const ctx = newContext();
    const blank = ctx.on.action('greet', { name: '  ' });
    const err = await ctx.run(blank, state()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailed);
    expect((err as ActionFailed).message).toBe('name must not be empty');
  });

  it('is refused without the required name, as Juju refuses it', async () => {
    const ctx = newContext();
    await expect(ctx.run(ctx.on.action('greet', {}), state())).rejects.toThrow(/name/);
  });

  it('is refused with an unknown parameter', async () => {
    const ctx = newContext();
    await expect(
      ctx.run(ctx.on.action('greet', { name: 'a', colour: 'red' }), state()),
    ).rejects.toThrow(/colour: is not a parameter/);
  });
});

describe('status collection and logging', () => {
  it('records the status history across runs', async () => {
    const ctx = newContext();
    const first = await ctx.run(
      ctx.on.configChanged(),
      world({ containers: [web({ canConnect: false })] }),
    );
    await ctx.run(ctx.on.pebbleReady(web()), first.with({ containers: [web()] }));
    expect(ctx.unitStatusHistory.map((s) => s.name)).toEqual(['unknown', 'waiting']);
  });

  it('emits collect-status after the event', async () => {
    const ctx = newContext();
    await ctx.run(ctx.on.updateStatus(), world({ leader: false }));
    expect(ctx.emittedEvents.map((e) => e.kind)).toEqual(['update-status', 'collect-unit-status']);
  });

  it('collects app status on the leader', async () => {
    const ctx = newContext();
    await ctx.run(ctx.on.updateStatus(), world());
    expect(ctx.emittedEvents.map((e) => e.kind)).toContain('collect-app-status');
  });

  it('logs through juju-log', async () => {
    const ctx = newContext();
    await ctx.run(ctx.on.configChanged(), world());
    expect(
      ctx.jujuLog.some((l) => l.level === 'DEBUG' && l.message.includes('config-changed')),
    ).toBe(true);
  });
});
