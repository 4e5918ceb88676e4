/** Bundle planning (juju-semantics.md §8): juju's change order, diffs against the model, inference. */
import { describe, expect, it } from 'vitest';
import { describeChange, formatPlan } from '../src/bundle/changes.ts';
import type { CharmEndpoint } from '../src/bundle/endpoints.ts';
import { resolveRelation } from '../src/bundle/endpoints.ts';
import { BundleError } from '../src/bundle/errors.ts';
import type { Bundle } from '../src/bundle/load.ts';
import { loadBundle } from '../src/bundle/load.ts';
import type { CharmInfo, ModelSnapshot } from '../src/bundle/plan.ts';
import { planBundle } from '../src/bundle/plan.ts';
import { CHARMS, charmInfo, fixture } from './fixtures/bundles/fake-model.ts';

const EMPTY: ModelSnapshot = { applications: {}, relations: [] };

function fixtureBundle(...overlays: string[]): Promise<Bundle> {
  return loadBundle(fixture('bundle.yaml'), {
    overlays: overlays.map((o) => fixture('overlays', o)),
  });
}

/** A bundle built in memory, for planner cases that need no files. */
function bundleOf(
  apps: Record<string, { charm: string } & Partial<Omit<Bundle['applications'][string], 'charm'>>>,
  relations: Array<[string, string]> = [],
): Bundle {
  const applications: Record<string, Bundle['applications'][string]> = {};
  for (const [name, app] of Object.entries(apps)) {
    applications[name] = {
      name,
      charmSource: `./charms/${app.charm}`,
      options: {},
      resources: {},
      storage: {},
      annotations: {},
      file: 'bundle.yaml',
      ...app,
      charm: `/b/charms/${app.charm}`,
    };
  }
  return {
    file: 'bundle.yaml',
    applications,
    relations: relations.map((pair, i) => ({
      endpoints: pair.map((text) => {
        const [app, endpoint] = text.split(':') as [string, string | undefined];
        return endpoint === undefined ? { app } : { app, endpoint };
      }) as unknown as Bundle['relations'][number]['endpoints'],
      file: 'bundle.yaml',
      path: `relations.${i}`,
    })),
    machines: {},
    origins: {},
  };
}

function planError(bundle: Bundle, model: ModelSnapshot = EMPTY): BundleError {
  try {
    planBundle(bundle, model, charmInfo);
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return error as BundleError;
  }
  throw new Error('planBundle did not fail');
}

describe('planBundle on an empty model', () => {
  it('deploys, relates and exposes in juju order, with the dry-run text', async () => {
    const plan = planBundle(await fixtureBundle(), EMPTY, charmInfo);
    expect(plan.changes.map((c) => c.kind)).toEqual(['deploy', 'deploy', 'add-relation', 'expose']);
    expect(plan.changes[0]).toEqual({
      kind: 'deploy',
      app: 'db',
      charm: fixture('charms', 'postgresql'),
      charmSource: './charms/postgresql',
      charmName: 'postgresql',
      numUnits: 2,
      config: { port: 5432 },
      resources: {},
      trust: true,
    });
    expect(formatPlan(plan)).toEqual([
      'Changes to deploy bundle:',
      '- deploy application db from ./charms/postgresql with 2 units using postgresql, trusted',
      '- deploy application web from ./charms/webapp with 1 unit using webapp',
      '- add relation web:database - db:database',
      '- expose all endpoints of web and allow access from CIDRs 0.0.0.0/0 and ::/0',
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('deploys one unit when the bundle gives no num_units, as juju deploy does', () => {
    const plan = planBundle(bundleOf({ cache: { charm: 'cache' } }), EMPTY, charmInfo);
    expect(plan.changes).toMatchObject([{ kind: 'deploy', numUnits: 1, trust: false }]);
    expect(describeChange(plan.changes[0]!)).toBe(
      'deploy application cache from ./charms/cache with 1 unit',
    );
  });

  it('orders changes by kind across applications, applications by name', () => {
    const model: ModelSnapshot = {
      applications: {
        zeta: { charmName: 'cache', units: 1, config: {}, trust: false, exposed: false },
        alpha: { charmName: 'webapp', units: 1, config: {}, trust: false, exposed: false },
      },
      relations: [],
    };
    const bundle = bundleOf(
      {
        zeta: { charm: 'cache', numUnits: 2, expose: true },
        alpha: { charm: 'webapp', numUnits: 3, options: { title: 'x' }, trust: true, expose: true },
        db: { charm: 'postgresql' },
      },
      [['alpha:cache', 'zeta']],
    );
    const plan = planBundle(bundle, model, charmInfo);
    expect(plan.changes.map(describeChange)).toEqual([
      'deploy application db from ./charms/postgresql with 1 unit using postgresql',
      'add 2 units to alpha (3 in total)',
      'add 1 unit to zeta (2 in total)',
      'set application options for alpha: title',
      'trust application alpha',
      'add relation alpha:cache - zeta:redis',
      'expose all endpoints of alpha and allow access from CIDRs 0.0.0.0/0 and ::/0',
      'expose all endpoints of zeta and allow access from CIDRs 0.0.0.0/0 and ::/0',
    ]);
  });
});

describe('planBundle against an existing model', () => {
  const deployed: ModelSnapshot = {
    applications: {
      db: {
        charmName: 'postgresql',
        units: 2,
        config: { port: 5432 },
        trust: true,
        exposed: false,
      },
      web: {
        charmName: 'webapp',
        units: 1,
        config: { title: 'Hello', debug: false },
        trust: false,
        exposed: true,
      },
    },
    relations: [['db:database', 'web:database']],
  };

  it('plans nothing when the model already matches', async () => {
    const plan = planBundle(await fixtureBundle(), deployed, charmInfo);
    expect(plan).toEqual({ changes: [], notes: [] });
    expect(formatPlan(plan)).toEqual(['No changes to apply.']);
  });

  it('sets only options that differ, and only keys the bundle sets', async () => {
    const model: ModelSnapshot = {
      ...deployed,
      applications: {
        ...deployed.applications,
        web: { ...deployed.applications.web!, config: { title: 'Old', debug: false, workers: 9 } },
      },
    };
    const plan = planBundle(await fixtureBundle(), model, charmInfo);
    expect(plan.changes).toEqual([{ kind: 'set-options', app: 'web', values: { title: 'Hello' } }]);
  });

  it('never removes units, and says so in a note', async () => {
    const model: ModelSnapshot = {
      ...deployed,
      applications: { ...deployed.applications, db: { ...deployed.applications.db!, units: 5 } },
    };
    const plan = planBundle(await fixtureBundle(), model, charmInfo);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([
      'application "db" has 5 units, more than the 2 the bundle asks for: deploying a bundle never removes units (use remove-unit)',
    ]);
    expect(formatPlan(plan)).toEqual(['No changes to apply.', `Note: ${plan.notes[0]}`]);
  });

  it('changes trust when the bundle says otherwise, and leaves it when the bundle is silent', () => {
    const model: ModelSnapshot = {
      applications: {
        a: { charmName: 'cache', units: 1, config: {}, trust: true, exposed: false },
        b: { charmName: 'cache', units: 1, config: {}, trust: true, exposed: false },
      },
      relations: [],
    };
    const plan = planBundle(
      bundleOf({ a: { charm: 'cache', trust: false }, b: { charm: 'cache' } }),
      model,
      charmInfo,
    );
    expect(plan.changes).toEqual([{ kind: 'set-trust', app: 'a', trust: false }]);
    expect(describeChange(plan.changes[0]!)).toBe('remove trust from a');
  });

  it('does not unexpose an exposed application the bundle does not expose', () => {
    const model: ModelSnapshot = {
      applications: {
        a: { charmName: 'cache', units: 1, config: {}, trust: false, exposed: true },
      },
      relations: [],
    };
    expect(planBundle(bundleOf({ a: { charm: 'cache' } }), model, charmInfo).changes).toEqual([]);
  });

  it('skips a relation that exists with its endpoints in the other order', () => {
    const model: ModelSnapshot = {
      ...deployed,
      relations: [['web:database', 'db:database']],
    };
    const bundle = bundleOf({ db: { charm: 'postgresql' }, web: { charm: 'webapp' } }, [
      ['db', 'web:database'],
    ]);
    expect(planBundle(bundle, model, charmInfo).changes).toEqual([]);
  });

  it('relates to an app that is only in the model when endpoints are named', () => {
    const model: ModelSnapshot = {
      applications: {
        ingress: { charmName: 'nginx', units: 1, config: {}, trust: false, exposed: false },
      },
      relations: [],
    };
    const bundle = bundleOf({ web: { charm: 'webapp' } }, [['web:website', 'ingress:backend']]);
    const plan = planBundle(bundle, model, charmInfo);
    expect(plan.changes.map(describeChange)).toContain(
      'add relation web:website - ingress:backend',
    );
  });

  it('infers endpoints of a model-only app when the snapshot gives its endpoints', () => {
    const model: ModelSnapshot = {
      applications: {
        ingress: {
          charmName: 'nginx',
          units: 1,
          config: {},
          trust: false,
          exposed: false,
          endpoints: { backend: { role: 'requires', interface: 'http' } },
        },
      },
      relations: [],
    };
    const bundle = bundleOf({ web: { charm: 'webapp' } }, [['web', 'ingress']]);
    const plan = planBundle(bundle, model, charmInfo);
    expect(plan.changes.at(-1)).toEqual({
      kind: 'add-relation',
      endpoints: ['web:website', 'ingress:backend'],
    });
  });

  it('treats an existing relation to a model-only app as present without its metadata', () => {
    const model: ModelSnapshot = {
      applications: {
        web: { charmName: 'webapp', units: 1, config: {}, trust: false, exposed: false },
        ingress: { charmName: 'nginx', units: 1, config: {}, trust: false, exposed: false },
      },
      relations: [['ingress:backend', 'web:website']],
    };
    const bundle = bundleOf({ web: { charm: 'webapp' } }, [['web', 'ingress']]);
    expect(planBundle(bundle, model, charmInfo).changes).toEqual([]);
  });

  it('drops a relation the bundle declares twice once endpoints are inferred', () => {
    const bundle = bundleOf({ db: { charm: 'postgresql' }, web: { charm: 'webapp' } }, [
      ['web', 'db'],
      ['web:database', 'db:database'],
    ]);
    const kinds = planBundle(bundle, EMPTY, charmInfo).changes.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'add-relation')).toHaveLength(1);
  });
});

describe('plan errors', () => {
  const cases: Array<{
    name: string;
    bundle: Bundle;
    model?: ModelSnapshot;
    want: Array<{ path: string; message: string }>;
  }> = [
    {
      name: 'unknown option',
      bundle: bundleOf({ db: { charm: 'postgresql', options: { prot: 1 } } }),
      want: [
        {
          path: 'applications.db.options.prot',
          message:
            'unknown option "prot" for application "db": remove it or fix its spelling (charm postgresql has options: mode, port)',
        },
      ],
    },
    {
      name: 'option of the wrong type',
      bundle: bundleOf({ db: { charm: 'postgresql', options: { port: 'abc', mode: 3 } } }),
      want: [
        { path: 'applications.db.options.port', message: 'option "port" expected int, got "abc"' },
        { path: 'applications.db.options.mode', message: 'option "mode" expected string, got 3' },
      ],
    },
    {
      name: 'unreadable charm',
      bundle: bundleOf({ db: { charm: 'broken' } }),
      want: [
        {
          path: 'applications.db.charm',
          message: 'cannot read charm ./charms/broken: no charm metadata at /b/charms/broken',
        },
      ],
    },
    {
      name: 'a different charm already deployed under the name',
      bundle: bundleOf({ db: { charm: 'postgresql' } }),
      model: {
        applications: {
          db: { charmName: 'mysql', units: 1, config: {}, trust: false, exposed: false },
        },
        relations: [],
      },
      want: [
        {
          path: 'applications.db.charm',
          message:
            'application "db" already runs charm "mysql", but the bundle gives charm "postgresql": rename the application in the bundle or remove the existing one',
        },
      ],
    },
    {
      name: 'no matching endpoints',
      bundle: bundleOf({ db: { charm: 'postgresql' }, c: { charm: 'cache' } }, [['db', 'c']]),
      want: [
        {
          path: 'relations.0',
          message:
            'no matching endpoints between "db" and "c" (a provides endpoint must meet a requires endpoint of the same interface): check the charms or name the endpoints',
        },
      ],
    },
    {
      name: 'unknown endpoint name',
      bundle: bundleOf({ db: { charm: 'postgresql' }, web: { charm: 'webapp' } }, [
        ['web:db', 'db'],
      ]),
      want: [
        {
          path: 'relations.0',
          message:
            'application "web" has no endpoint "db" (its endpoints: cache, database, juju-info, website)',
        },
      ],
    },
    {
      name: 'model-only app without endpoint and without metadata',
      bundle: bundleOf({ web: { charm: 'webapp' } }, [['web', 'ingress']]),
      model: {
        applications: {
          ingress: { charmName: 'nginx', units: 1, config: {}, trust: false, exposed: false },
        },
        relations: [],
      },
      want: [
        {
          path: 'relations.0',
          message:
            'cannot infer the endpoint of "web": the charm of "ingress" is unknown (it is not in the bundle); write both endpoints, e.g. [ingress:<endpoint>, web:<endpoint>]',
        },
      ],
    },
  ];

  it.each(cases)('$name', ({ bundle, model, want }) => {
    const error = planError(bundle, model);
    expect(error.problems.map(({ path, message }) => ({ path, message }))).toEqual(want);
    expect(error.problems.every((p) => p.file === 'bundle.yaml')).toBe(true);
  });

  it('names the overlay that set a bad option', async () => {
    const bundle = await loadBundle(fixture('multi.yaml'));
    const error = planError({
      ...bundle,
      applications: {
        ...bundle.applications,
        cache: { ...bundle.applications.cache!, options: { size: 1 } },
      },
      origins: { ...bundle.origins, 'applications.cache.options.size': 'o.yaml' },
    });
    expect(error.problems).toEqual([
      {
        file: 'o.yaml',
        path: 'applications.cache.options.size',
        message:
          'unknown option "size" for application "cache": remove it or fix its spelling (charm cache has options: none)',
      },
    ]);
  });
});

describe('resolveRelation (endpoint inference)', () => {
  const ep = (role: CharmEndpoint['role'], iface: string): CharmEndpoint => ({
    role,
    interface: iface,
  });
  const side = (app: string, info: CharmInfo, endpoint?: string) => ({
    app,
    endpoints: info.endpoints,
    ...(endpoint === undefined ? {} : { endpoint }),
  });
  const twoDbs: CharmInfo = {
    name: 'two-dbs',
    endpoints: {
      main: ep('requires', 'postgresql_client'),
      replica: ep('requires', 'postgresql_client'),
    },
    config: {},
  };
  const logger: CharmInfo = {
    name: 'logger',
    endpoints: { host: ep('requires', 'juju-info'), peer: ep('peers', 'juju-info') },
    config: {},
  };
  const pg = CHARMS.postgresql!;

  const cases: Array<{
    name: string;
    a: ReturnType<typeof side>;
    b: ReturnType<typeof side>;
    want: string;
  }> = [
    {
      name: 'provides meets requires by interface',
      a: side('web', CHARMS.webapp!),
      b: side('db', pg),
      want: 'web:database db:database',
    },
    {
      name: 'either order',
      a: side('db', pg),
      b: side('web', CHARMS.webapp!),
      want: 'db:database web:database',
    },
    {
      name: 'one side named',
      a: side('db', pg, 'database'),
      b: side('x', twoDbs, 'replica'),
      want: 'db:database x:replica',
    },
    {
      name: 'implicit juju-info',
      a: side('log', logger),
      b: side('db', pg),
      want: 'log:host db:juju-info',
    },
    {
      name: 'ambiguous',
      a: side('x', twoDbs),
      b: side('db', pg),
      want: 'ambiguous relation between "x" and "db": could be x:main - db:database or x:replica - db:database; name the endpoints, e.g. [x:main, db:database]',
    },
    {
      name: 'named endpoints of different interfaces',
      a: side('web', CHARMS.webapp!, 'database'),
      b: side('db', pg, 'db'),
      want: 'endpoints web:database (requires postgresql_client) and db:db (provides pgsql) cannot be related: a provides endpoint must meet a requires endpoint of the same interface',
    },
    {
      name: 'peers never match',
      a: side('a', logger, 'peer'),
      b: side('b', logger, 'peer'),
      want: 'endpoints a:peer (peers juju-info) and b:peer (peers juju-info) cannot be related: a provides endpoint must meet a requires endpoint of the same interface',
    },
  ];

  it.each(cases)('$name', ({ a, b, want }) => {
    const result = resolveRelation(a, b);
    expect(result.ok ? result.endpoints.join(' ') : result.reason).toBe(want);
  });
});
