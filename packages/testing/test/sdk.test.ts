/**
 * The SDK's behaviour seen through the harness: reconcile, collect-status priorities,
 * deferral, relation validation and access rules, stored state, secrets and actions.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RelationDataAccessError, SecretNotFoundError } from '@charmkit/ops';
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
} from '../src/index.ts';
import { ProbeCharm } from './fixtures.ts';

const db = (data: Record<string, string> = { endpoint: 'pg:5432' }) =>
  relation('db', { remoteAppName: 'pg', remoteAppData: data });

beforeEach(() => {
  ProbeCharm.seen = [];
});

describe('reconcile and status', () => {
  it('collects statuses and the highest priority wins', async () => {
    const ctx = new Context(ProbeCharm);
    const out = await ctx.run(ctx.on.updateStatus(), state({ relations: [db()] }));
    expect(out.unitStatus).toEqual({ name: 'waiting', message: 'still warming up' });
  });

  it('a missing relation blocks with its name', async () => {
    const ctx = new Context(ProbeCharm);
    const out = await ctx.run(ctx.on.install(), state());
    expect(out.unitStatus).toEqual({ name: 'blocked', message: 'missing integrations: db' });
  });

  it('invalid remote data becomes a precise blocked status, not a crash', async () => {
    const ctx = new Context(ProbeCharm);
    const out = await ctx.run(ctx.on.updateStatus(), state({ relations: [db({ endpoint: '' })] }));
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toMatch(/^invalid data from pg on db:\d+: endpoint: /);
  });

  it('writes this unit’s bag and keeps the input unchanged', async () => {
    const ctx = new Context(ProbeCharm);
    const rel = db();
    const out = await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel] }));
    expect(out.getRelation(rel.id).localUnitData['seen-endpoint']).toBe('pg:5432');
    expect(rel.localUnitData['seen-endpoint']).toBeUndefined();
  });

  it('stored state survives from one run to the next', async () => {
    const ctx = new Context(ProbeCharm);
    const one = await ctx.run(ctx.on.updateStatus(), state({ relations: [db()] }));
    const two = await ctx.run(ctx.on.updateStatus(), one);
    expect(two.storedState.counter).toBe('2');
  });

  it('an error in charm code surfaces with the charm’s stack', async () => {
    const ctx = new Context(ProbeCharm);
    const err = await ctx
      .run(ctx.on.start(), state({ config: { mode: 'crash' } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UncaughtCharmError);
    expect((err as Error).message).toBe('Uncaught TypeError in charm code: reconcile exploded');
    expect((err as Error).stack).toContain('fixtures.ts');
  });
});

describe('deferral', () => {
  it('keeps a deferred event and re-emits it first on the next dispatch', async () => {
    const ctx = new Context(ProbeCharm);
    const one = await ctx.run(
      ctx.on.configChanged(),
      state({ config: { mode: 'defer' }, relations: [db()] }),
    );
    expect(one.deferred).toHaveLength(1);
    expect(one.deferred[0]?.handle).toMatch(/config-changed/);
    const two = await ctx.run(ctx.on.updateStatus(), one.with({ config: { mode: 'fast' } }));
    expect(ProbeCharm.seen).toEqual(['config-changed', 'config-changed (again)']);
    expect(two.deferred).toEqual([]);
    expect(ctx.emittedEvents.filter((e) => e.reemitted).map((e) => e.kind)).toEqual([
      'config-changed',
    ]);
  });
});

describe('relations', () => {
  it('runs relation-broken handlers for the endpoint', async () => {
    const ctx = new Context(ProbeCharm);
    const rel = db();
    await ctx.run(ctx.on.relationBroken(rel), state({ relations: [rel] }));
    expect(ProbeCharm.seen).toEqual([`broken:${rel.id}`]);
  });

  it('a non-leader cannot read its own app bag on a regular relation', async () => {
    class Reader extends ProbeCharm {
      override reconcile(): void {
        this.model.relation('db')?.localAppData.get('x');
      }
    }
    const ctx = new Context(Reader);
    const err = await ctx
      .run(ctx.on.updateStatus(), state({ relations: [db()] }))
      .catch((e: unknown) => e);
    expect((err as UncaughtCharmError).cause).toBeInstanceOf(RelationDataAccessError);
  });

  it('a non-leader can read the peer app bag', async () => {
    class PeerReader extends ProbeCharm {
      override reconcile(): void {
        const value = this.model.relation('cluster')?.localAppData.get('k');
        this.unit.addStatus({ name: 'active', message: value ?? 'none' });
      }
    }
    const ctx = new Context(PeerReader);
    const peers = peerRelation('cluster', { localAppData: { k: 'shared' } });
    const out = await ctx.run(ctx.on.updateStatus(), state({ relations: [peers] }));
    expect(out.unitStatus.message).toBe('shared');
  });

  it('remote data is read-only', async () => {
    class Writer extends ProbeCharm {
      override reconcile(): void {
        this.model.relation('db')?.remoteAppData.set('x', 'y');
      }
    }
    const ctx = new Context(Writer);
    const err = await ctx
      .run(ctx.on.updateStatus(), state({ leader: true, relations: [db()] }))
      .catch((e: unknown) => e);
    expect((err as UncaughtCharmError).cause).toBeInstanceOf(RelationDataAccessError);
  });

  it('rejects relations on endpoints the charm lacks and duplicate ids', async () => {
    const ctx = new Context(ProbeCharm);
    const bad = relation('cache');
    await expect(ctx.run(ctx.on.install(), state({ relations: [bad] }))).rejects.toThrow(
      /relation endpoint "cache" is not in the charm's metadata/,
    );
    const a = relation('db', { id: 9 });
    const b = relation('website', { id: 9 });
    await expect(ctx.run(ctx.on.install(), state({ relations: [a, b] }))).rejects.toThrow(
      InconsistentStateError,
    );
  });
});

describe('secrets', () => {
  it('a consumer sees its tracked revision until it refreshes', async () => {
    const s = secret({ val: 'one' }, { latestContent: { val: 'two' } });
    class Consumer extends ProbeCharm {
      override reconcile(): void {
        const got = this.model.getSecret({ id: s.id });
        const before = got.getContent().val;
        const peek = got.peekContent().val;
        const after = got.getContent({ refresh: true }).val;
        this.unit.addStatus({ name: 'active', message: `${before} ${peek} ${after}` });
      }
    }
    const ctx = new Context(Consumer);
    const out = await ctx.run(ctx.on.secretChanged(s), state({ secrets: [s] }));
    expect(out.unitStatus.message).toBe('one two two');
    expect(out.getSecret({ id: s.id }).trackedRevision).toBe(2);
  });

  it('an unknown secret is SecretNotFoundError', async () => {
    class Lost extends ProbeCharm {
      override reconcile(): void {
        this.model.getSecret({ id: 'secret:aaaaaaaaaaaaaaaaaaaa' }).getContent();
      }
    }
    const ctx = new Context(Lost);
    const err = await ctx.run(ctx.on.updateStatus(), state()).catch((e: unknown) => e);
    expect((err as UncaughtCharmError).cause).toBeInstanceOf(SecretNotFoundError);
  });

  it('a non-leader cannot change an app-owned secret', async () => {
    const s = secret({ val: 'one' }, { owner: 'app' });
    class Setter extends ProbeCharm {
      override reconcile(): void {
        this.model.getSecret({ id: s.id }).setContent({ val: 'two' });
      }
    }
    const ctx = new Context(Setter);
    const err = await ctx
      .run(ctx.on.updateStatus(), state({ secrets: [s] }))
      .catch((e: unknown) => e);
    expect(String((err as UncaughtCharmError).cause)).toContain('permission denied');
  });

  it('owners add revisions, grant, and remove revisions', async () => {
    const s = secret({ val: 'one' }, { owner: 'app' });
    const rel = db();
    class Owner extends ProbeCharm {
      override reconcile(): void {
        const got = this.model.getSecret({ id: s.id });
        got.setContent({ val: 'two' });
        got.grant(this.model.relation('db')!);
        got.removeRevision(1);
      }
    }
    const ctx = new Context(Owner);
    const out = await ctx.run(
      ctx.on.updateStatus(),
      state({ leader: true, secrets: [s], relations: [rel] }),
    );
    const after = out.getSecret({ id: s.id });
    expect(after.revisions).toEqual({ 2: { val: 'two' } });
    expect(after.remoteGrants).toEqual({ [rel.id]: ['pg'] });
    expect(ctx.removedSecretRevisions).toEqual([{ id: s.id, revision: 1 }]);
  });

  it('secret-rotate needs an owned secret in the state', async () => {
    const ctx = new Context(ProbeCharm);
    const consumed = secret({ v: '1' });
    await expect(
      ctx.run(ctx.on.secretRotate(consumed), state({ secrets: [consumed] })),
    ).rejects.toThrow(/only reaches a secret's owner/);
  });
});

describe('actions', () => {
  it('applies schema defaults and returns nested results', async () => {
    const ctx = new Context(ProbeCharm);
    await ctx.run(ctx.on.action('report'), state());
    expect(ctx.actionResults).toEqual({ depth: '1', nested: { a: '1', ok: 'true' } });
    expect(ctx.actionLogs).toEqual(['reporting']);
  });

  it('refuses params of the wrong type', async () => {
    const ctx = new Context(ProbeCharm);
    await expect(ctx.run(ctx.on.action('report', { depth: 'deep' }), state())).rejects.toThrow(
      /depth: must be integer/,
    );
  });

  it('ActionFailed carries the message and the output state', async () => {
    class Failing extends ProbeCharm {
      constructor(framework: ConstructorParameters<typeof ProbeCharm>[0]) {
        super(framework);
        this.onAction('report', (action) => action.fail('no report today'));
      }
    }
    const ctx = new Context(Failing);
    const err = await ctx.run(ctx.on.action('report'), state()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailed);
    expect((err as ActionFailed).message).toBe('no report today');
    expect((err as ActionFailed).state.unitStatus.name).toBe('blocked');
  });
});

describe('containers', () => {
  it('exec answers by the longest command prefix and is recorded', async () => {
    class Exec extends ProbeCharm {
      override async reconcile(): Promise<void> {
        const out = await this.unit.container('app').run(['pg_ctl', 'status', '-D', '/data']);
        this.unit.addStatus({ name: 'active', message: out.trim() });
      }
    }
    const ctx = new Context(Exec);
    const app = container('app', {
      execs: [
        { command: ['pg_ctl'], stdout: 'generic' },
        { command: ['pg_ctl', 'status'], stdout: 'server is running' },
      ],
    });
    const out = await ctx.run(ctx.on.updateStatus(), state({ containers: [app] }));
    expect(out.unitStatus.message).toBe('server is running');
    expect(ctx.execHistory.app?.[0]?.command).toEqual(['pg_ctl', 'status', '-D', '/data']);
  });

  it('records signals sent to running services, and refuses a stopped one', async () => {
    class Reload extends ProbeCharm {
      override async reconcile(): Promise<void> {
        await this.unit.container('app').sendSignal('SIGHUP', 'proxy');
      }
    }
    const ctx = new Context(Reload);
    const layers = {
      base: { services: { proxy: { override: 'replace' as const, command: 'proxy' } } },
    };
    const running = container('app', { layers, serviceStatuses: { proxy: 'active' } });
    await ctx.run(ctx.on.updateStatus(), state({ containers: [running] }));
    expect(ctx.signalHistory.app).toEqual([{ signal: 'SIGHUP', service: 'proxy' }]);
    const stopped = container('app', { layers, serviceStatuses: { proxy: 'inactive' } });
    const err = await new Context(Reload)
      .run(ctx.on.updateStatus(), state({ containers: [stopped] }))
      .catch((e: unknown) => e);
    expect(String((err as UncaughtCharmError).cause)).toContain('service is not running');
  });

  it('a non-zero exit from run() throws with the exit code', async () => {
    class Exec extends ProbeCharm {
      override async reconcile(): Promise<void> {
        await this.unit.container('app').run(['false']);
      }
    }
    const ctx = new Context(Exec);
    const app = container('app', { execs: [{ command: ['false'], exitCode: 1, stderr: 'nope' }] });
    const err = await ctx
      .run(ctx.on.updateStatus(), state({ containers: [app] }))
      .catch((e: unknown) => e);
    expect(String((err as UncaughtCharmError).cause)).toContain('exited with status 1: nope');
  });
});
