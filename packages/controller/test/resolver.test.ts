/**
 * Juju's hook order (juju-semantics.md §2.3–§2.5), from the resolver over a real SQLite
 * store: each unit's next hook is run by committing its local-state change, as the agent does.
 */
import type { CharmMeta } from '@charmkit/ops';
import { describe, expect, it } from 'vitest';
import { nextHook } from '../src/agent/resolver.ts';
import { ModelOperations } from '../src/model/operations.ts';
import { Store } from '../src/store/database.ts';

const base = {
  provides: {},
  requires: {},
  peers: {},
  containers: {},
  storage: {},
  resources: {},
  config: {},
  actions: {},
};
const db: CharmMeta = { ...base, name: 'db', provides: { db: { interface: 'pg' } } };
const app: CharmMeta = {
  ...base,
  name: 'app',
  requires: { db: { interface: 'pg', limit: 1 } },
  peers: { cluster: { interface: 'app-peers' } },
  config: { port: { type: 'int', default: 80 } },
};

function setup() {
  const ops = new ModelOperations(Store.open(':memory:'));
  const model = ops.createModel('test');
  const charm = (meta: CharmMeta) =>
    ops.addCharm(model, { name: meta.name, dir: '/nonexistent', meta });
  return { ops, model, charm };
}

/** Runs hooks until every unit is idle; returns `unit: hook` lines in execution order. */
function settle(
  ops: ModelOperations,
  model: string,
  write?: (unit: string, hook: string) => void,
): string[] {
  const log: string[] = [];
  for (let guard = 0; guard < 500; guard++) {
    const world = ops.repo.world(model);
    const next = [...world.units.keys()]
      .map((u) => [u, nextHook(world, u)] as const)
      .find(([, h]) => h);
    if (!next) return log;
    const [unit, hook] = next;
    if (hook!.name) {
      log.push(`${unit}: ${hook!.name}${hook!.remoteUnit ? ` (${hook!.remoteUnit})` : ''}`);
      write?.(unit, hook!.name);
    }
    ops.hookCommitted(model, unit, hook!.after);
  }
  throw new Error(`did not settle:\n${log.slice(-20).join('\n')}`);
}

describe('deploy', () => {
  it('runs the install phase in Juju order, leader first', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app), { numUnits: 2 });
    const log = settle(ops, model);
    const of = (u: string) => log.filter((l) => l.startsWith(u)).map((l) => l.slice(u.length + 2));
    expect(of('app/0')).toEqual([
      'install',
      'cluster-relation-created',
      'leader-elected',
      'config-changed',
      'start',
      'cluster-relation-joined (app/1)',
      'cluster-relation-changed (app/1)',
    ]);
    expect(of('app/1').slice(0, 5)).toEqual([
      'install',
      'cluster-relation-created',
      'leader-settings-changed',
      'config-changed',
      'start',
    ]);
  });

  it('config-changed runs again only when config really changes', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app));
    settle(ops, model);
    ops.setConfig(model, 'app', { port: '80' });
    expect(settle(ops, model)).toEqual(['app/0: config-changed']);
    expect(settle(ops, model)).toEqual([]);
  });
});

describe('relations', () => {
  it('integrate: created, then joined and changed per remote unit on both sides', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app));
    ops.deploy(model, charm(db));
    settle(ops, model);
    ops.integrate(model, 'app', 'db');
    expect(settle(ops, model)).toEqual([
      'app/0: db-relation-created',
      'db/0: db-relation-created',
      'app/0: db-relation-joined (db/0)',
      'app/0: db-relation-changed (db/0)',
      'db/0: db-relation-joined (app/0)',
      'db/0: db-relation-changed (app/0)',
    ]);
  });

  it('relation-changed fires only when the remote data really changed', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app));
    ops.deploy(model, charm(db));
    const rel = ops.integrate(model, 'app', 'db');
    settle(ops, model);
    expect(ops.repo.updateSettings(model, rel.id, 'db', { host: 'h' })).toBe(true);
    expect(settle(ops, model)).toEqual(['app/0: db-relation-changed']);
    expect(ops.repo.updateSettings(model, rel.id, 'db', { host: 'h' })).toBe(false);
    expect(settle(ops, model)).toEqual([]);
  });

  it('remove-relation: departed then broken', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app));
    ops.deploy(model, charm(db));
    ops.integrate(model, 'app:db', 'db:db');
    settle(ops, model);
    ops.removeRelation(model, 'app', 'db');
    expect(settle(ops, model)).toEqual([
      'app/0: db-relation-departed (db/0)',
      'app/0: db-relation-broken',
      'db/0: db-relation-departed (app/0)',
      'db/0: db-relation-broken',
    ]);
    expect(ops.repo.relations(model).filter((r) => r.endpoints.length === 2)).toEqual([]);
  });

  it('refuses a mismatch, an unknown endpoint and a relation past its limit', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app));
    ops.deploy(model, charm(db));
    ops.deploy(model, charm(db), { name: 'db2' });
    ops.deploy(
      model,
      charm({ ...base, name: 'cache', provides: { cache: { interface: 'redis' } } }),
    );
    expect(() => ops.integrate(model, 'app', 'cache')).toThrow(
      'no relations found between "app" and "cache"',
    );
    expect(() => ops.integrate(model, 'app:nope', 'db')).toThrow(
      'application "app" has no "nope" relation',
    );
    ops.integrate(model, 'app', 'db');
    expect(() => ops.integrate(model, 'app', 'db2')).toThrow(
      /would exceed its maximum relation limit of 1/,
    );
    expect(() => ops.integrate(model, 'ap', 'db')).toThrow(
      'application "ap" not found (did you mean "app"?)',
    );
  });
});

describe('scale and removal', () => {
  it('remove-unit: the leader goes, the other unit is elected', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app), { numUnits: 2 });
    settle(ops, model);
    ops.removeUnit(model, 'app/0');
    const log = settle(ops, model);
    expect(log).toContain('app/1: leader-elected');
    expect(log.filter((l) => l.startsWith('app/0'))).toEqual([
      'app/0: cluster-relation-departed (app/1)',
      'app/0: stop',
      'app/0: remove',
    ]);
    expect(log).toContain('app/1: cluster-relation-departed (app/0)');
    expect(ops.repo.units(model).map((u) => u.name)).toEqual(['app/1']);
  });

  it('remove-application tears down its relations and disappears', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app));
    ops.deploy(model, charm(db));
    ops.integrate(model, 'app', 'db');
    settle(ops, model);
    ops.removeApplication(model, 'db');
    const log = settle(ops, model);
    expect(log).toContain('app/0: db-relation-broken');
    expect(log.slice(-2)).toEqual(['db/0: stop', 'db/0: remove']);
    expect(ops.repo.applications(model).map((a) => a.name)).toEqual(['app']);
  });

  it('validates config on deploy in Juju’s words', () => {
    const { ops, model, charm } = setup();
    expect(() => ops.deploy(model, charm(app), { config: { port: 'eighty' } })).toThrow(
      'option "port" expected int, got "eighty"',
    );
    expect(() => ops.deploy(model, charm(app), { config: { nope: 1 } })).toThrow(
      'unknown option "nope"',
    );
    expect(ops.repo.applications(model)).toEqual([]);
  });

  it('reports an expired revision to the owner with secret-expired, again every 5 minutes until it is gone', () => {
    const { ops, model, charm } = setup();
    ops.deploy(model, charm(app), { numUnits: 2 });
    settle(ops, model);
    const leader = ops.repo.applications(model)[0]!.leader!;
    const now = Date.now();
    ops.secrets.create(
      model,
      { id: 'd4ru1', ownerKind: 'application', owner: 'app', label: 'tls' },
      { k: 'v' },
      new Date(now - 1000),
    );
    const next = (at: number) => {
      const world = { ...ops.world(model), now: at };
      return [...world.units.keys()].flatMap((u) => {
        const hook = nextHook(world, u);
        return hook ? [{ unit: u, hook }] : [];
      });
    };
    const due = next(now);
    // Only the leader owns an application secret.
    expect(due.map((d) => [d.unit, d.hook.name, d.hook.secret])).toEqual([
      [leader, 'secret-expired', { id: 'd4ru1', revision: 1, label: 'tls' }],
    ]);
    ops.hookCommitted(model, leader, due[0]!.hook.after);
    expect(next(now + 60_000)).toEqual([]);
    expect(next(now + 5 * 60_000 + 1).map((d) => d.hook.name)).toEqual(['secret-expired']);
    ops.secrets.addRevision(model, 'd4ru1', { k: 'w' });
    ops.secrets.removeRevision(model, 'd4ru1', 1);
    expect(next(now + 10 * 60_000).map((d) => d.hook.name)).toEqual([]);
  });
});
