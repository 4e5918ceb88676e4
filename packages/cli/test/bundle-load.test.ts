/** Bundle loading (juju-semantics.md §8): multi-doc and overlay merge rules, validation errors. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleError } from '../src/bundle/errors.ts';
import { buildBundle, loadBundle } from '../src/bundle/load.ts';
import { fixture } from './fixtures/bundles/fake-model.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp dir holding `charms/<name>` dirs and the given files; returns its path. */
function workspace(files: Record<string, string>, charms = ['db', 'app']): string {
  const dir = mkdtempSync(join(tmpdir(), 'charmkit-bundle-'));
  dirs.push(dir);
  for (const charm of charms) mkdirSync(join(dir, 'charms', charm), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function loadError(
  files: Record<string, string>,
  options: { overlays?: string[]; existingApps?: string[] } = {},
): Promise<BundleError> {
  const dir = workspace(files);
  const overlays = (options.overlays ?? []).map((o) => join(dir, o));
  const error = await loadBundle(join(dir, 'bundle.yaml'), { ...options, overlays }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

const BASE = `applications:
  db: {charm: ./charms/db}
  app: {charm: ./charms/app}
`;

describe('loadBundle', () => {
  it('loads the fixture bundle, resolving charm and resource paths from its directory', async () => {
    const bundle = await loadBundle(fixture('bundle.yaml'));
    expect(Object.keys(bundle.applications)).toEqual(['db', 'web']);
    expect(bundle.applications.db).toMatchObject({
      name: 'db',
      charm: fixture('charms', 'postgresql'),
      charmSource: './charms/postgresql',
      numUnits: 2,
      options: { port: 5432 },
      trust: true,
      file: fixture('bundle.yaml'),
    });
    expect(bundle.applications.web).toMatchObject({
      numUnits: 1,
      options: { title: 'Hello', debug: false },
      resources: { site: fixture('resources', 'site.tar'), image: 'ghcr.io/example/web:1.0' },
      expose: true,
    });
    expect(bundle.relations).toEqual([
      {
        endpoints: [{ app: 'web' }, { app: 'db' }],
        file: fixture('bundle.yaml'),
        path: 'relations.0',
      },
    ]);
  });

  it('treats later documents of a multi-doc file as overlays', async () => {
    const bundle = await loadBundle(fixture('multi.yaml'));
    expect(Object.keys(bundle.applications)).toEqual(['db', 'web', 'cache']);
    expect(bundle.applications.db?.numUnits).toBe(3);
    expect(bundle.applications.db?.options).toEqual({ port: 5432, mode: 'safe' });
    expect(bundle.relations.map((r) => [r.endpoints, r.file, r.path])).toEqual([
      [[{ app: 'web' }, { app: 'db' }], fixture('multi.yaml'), 'relations.0'],
      [
        [{ app: 'web', endpoint: 'cache' }, { app: 'cache' }],
        `${fixture('multi.yaml')} (document 2)`,
        'relations.0',
      ],
    ]);
    expect(bundle.origins['applications.db.options.mode']).toBe(
      `${fixture('multi.yaml')} (document 2)`,
    );
    expect(bundle.origins['applications.db.options.port']).toBe(fixture('multi.yaml'));
  });

  it('applies --overlay files in order, resolving their paths from their own directory', async () => {
    const bundle = await loadBundle(fixture('bundle.yaml'), {
      overlays: [fixture('overlays', 'add-cache.yaml')],
    });
    expect(bundle.applications.cache?.charm).toBe(fixture('charms', 'cache'));
    expect(bundle.applications.cache?.numUnits).toBe(2);
    expect(bundle.applications.db?.numUnits).toBe(3);
    expect(bundle.applications.db?.options).toEqual({ port: 5432, mode: 'safe' });
    expect(bundle.applications.db?.trust).toBe(true);
    expect(bundle.relations).toHaveLength(2);
    expect(bundle.machines).toEqual({ '0': { constraints: 'mem=4G' } });
  });

  it('removes an application given no properties in an overlay, with its relations', async () => {
    const bundle = await loadBundle(fixture('bundle.yaml'), {
      overlays: [fixture('overlays', 'add-cache.yaml'), fixture('overlays', 'remove-web.yaml')],
    });
    expect(Object.keys(bundle.applications)).toEqual(['db', 'cache']);
    expect(bundle.relations).toEqual([]);
  });

  it('reports a missing bundle or overlay file as not-found, naming the path', async () => {
    const missing = fixture('nope.yaml');
    const error = await loadBundle(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe('not-found');
    expect((error as BundleError).message).toBe(
      `cannot deploy bundle: ${missing}: no such file: check the path (relative paths start from the current directory)`,
    );
    const overlay = await loadBundle(fixture('bundle.yaml'), { overlays: [missing] }).catch(
      (e: unknown) => e,
    );
    expect((overlay as BundleError).problems).toEqual([
      { file: missing, path: '', message: expect.stringContaining('no such file') as unknown },
    ]);
  });
});

describe('overlay merge rules', () => {
  const cases: Array<{
    name: string;
    base: string;
    overlay: string;
    check: (b: ReturnType<typeof buildBundle>) => void;
  }> = [
    {
      name: 'overlay keys replace base keys, other keys stay',
      base: 'applications:\n  db: {charm: ./charms/db, num_units: 1, constraints: mem=1G, trust: true}\n',
      overlay: 'applications:\n  db: {num_units: 4, constraints: mem=8G}\n',
      check: (b) =>
        expect(b.applications.db).toMatchObject({
          numUnits: 4,
          constraints: 'mem=8G',
          trust: true,
        }),
    },
    {
      name: 'options merge key by key; null drops a key',
      base: 'applications:\n  db:\n    charm: ./charms/db\n    options: {a: 1, b: two, c: true}\n',
      overlay: 'applications:\n  db:\n    options: {b: three, c: null, d: 4.5}\n',
      check: (b) => expect(b.applications.db?.options).toEqual({ a: 1, b: 'three', d: 4.5 }),
    },
    {
      name: 'other maps (resources, annotations) are replaced whole',
      base: 'applications:\n  db:\n    charm: ./charms/db\n    annotations: {x: "1", y: "2"}\n',
      overlay: 'applications:\n  db:\n    annotations: {z: 3}\n',
      check: (b) => expect(b.applications.db?.annotations).toEqual({ z: '3' }),
    },
    {
      name: 'relations append',
      base: `${BASE}relations:\n  - [app:db, db:db]\n`,
      overlay: 'relations:\n  - [app:other, db:other]\n',
      check: (b) => expect(b.relations.map((r) => r.path)).toEqual(['relations.0', 'relations.0']),
    },
    {
      name: 'machines overwrite by id',
      base: `${BASE}machines:\n  "0": {constraints: mem=1G}\n  "1": {}\n`,
      overlay: 'machines:\n  "0": {constraints: mem=8G}\n',
      check: (b) => expect(b.machines).toEqual({ '0': { constraints: 'mem=8G' }, '1': {} }),
    },
    {
      name: 'an empty mapping also removes an application',
      base: `${BASE}relations:\n  - [app:db, db:db]\n`,
      overlay: 'applications:\n  app: {}\n',
      check: (b) => {
        expect(Object.keys(b.applications)).toEqual(['db']);
        expect(b.relations).toEqual([]);
      },
    },
    {
      name: 'an overlay may add an application',
      base: 'applications:\n  db: {charm: ./charms/db}\n',
      overlay: 'applications:\n  app: {charm: ./charms/app, expose: true}\n',
      check: (b) =>
        expect(b.applications.app).toMatchObject({
          expose: true,
          file: expect.stringContaining('overlay.yaml') as unknown,
        }),
    },
    {
      name: 'legacy services works like applications',
      base: 'services:\n  db: {charm: ./charms/db}\n',
      overlay: 'services:\n  db: {num_units: 2}\n',
      check: (b) => expect(b.applications.db?.numUnits).toBe(2),
    },
  ];

  it.each(cases)('$name', ({ base, overlay, check }) => {
    const dir = workspace({});
    check(
      buildBundle([
        { file: join(dir, 'bundle.yaml'), text: base },
        { file: join(dir, 'overlay.yaml'), text: overlay },
      ]),
    );
  });
});

describe('validation errors', () => {
  const cases: Array<{
    name: string;
    files: Record<string, string>;
    overlays?: string[];
    existingApps?: string[];
    want: Array<{ file?: string; path: string; message: string | RegExp }>;
  }> = [
    {
      name: 'unknown top-level key',
      files: { 'bundle.yaml': `${BASE}aplications: {}\n` },
      want: [
        {
          path: 'aplications',
          message:
            /^unknown top-level key "aplications": remove it or fix its spelling \(known keys: bundle, .*applications/,
        },
      ],
    },
    {
      name: 'unknown application key',
      files: { 'bundle.yaml': 'applications:\n  db: {charm: ./charms/db, units: 2}\n' },
      want: [
        {
          path: 'applications.db.units',
          message:
            /^unknown application key "units": remove it or fix its spelling \(known keys: charm, .*num_units/,
        },
      ],
    },
    {
      name: 'missing charm',
      files: { 'bundle.yaml': 'applications:\n  db: {num_units: 1}\n' },
      want: [
        {
          path: 'applications.db',
          message: 'missing charm: give the path to a local charm, e.g. charm: ./charms/db',
        },
      ],
    },
    {
      name: 'Charmhub charm',
      files: {
        'bundle.yaml': 'applications:\n  db: {charm: postgresql-k8s, channel: 14/stable}\n',
      },
      want: [
        {
          path: 'applications.db.charm',
          message:
            '"postgresql-k8s" is a Charmhub charm, but charmkit deploys only local charms: give a path starting with "./" or "/" to a charm directory or .charm file (e.g. ./charms/postgresql-k8s)',
        },
      ],
    },
    {
      name: 'local charm not found',
      files: { 'bundle.yaml': 'applications:\n  db: {charm: ./charms/nope}\n' },
      want: [
        {
          path: 'applications.db.charm',
          message:
            /^local charm \.\/charms\/nope not found \(looked for \/.*\/charms\/nope\): paths are relative to the bundle file's directory$/,
        },
      ],
    },
    {
      name: 'num_units and scale',
      files: {
        'bundle.yaml': 'applications:\n  db: {charm: ./charms/db, num_units: 1, scale: 2}\n',
      },
      want: [
        {
          path: 'applications.db',
          message:
            'give num_units or scale, not both (scale is the Kubernetes synonym of num_units)',
        },
      ],
    },
    {
      name: 'num_units not a number',
      files: { 'bundle.yaml': 'applications:\n  db: {charm: ./charms/db, num_units: two}\n' },
      want: [
        {
          path: 'applications.db.num_units',
          message: 'expected a whole number, got "two" (write e.g. num_units: 2)',
        },
      ],
    },
    {
      name: 'negative scale',
      files: { 'bundle.yaml': 'applications:\n  db: {charm: ./charms/db, scale: -1}\n' },
      want: [{ path: 'applications.db.scale', message: 'must not be negative, got -1' }],
    },
    {
      name: 'trust not a boolean',
      files: { 'bundle.yaml': 'applications:\n  db: {charm: ./charms/db, trust: "yes"}\n' },
      want: [
        {
          path: 'applications.db.trust',
          message: 'expected true or false, got "yes" (write trust: true)',
        },
      ],
    },
    {
      name: 'option value is a list',
      files: {
        'bundle.yaml':
          'applications:\n  db:\n    charm: ./charms/db\n    options: {ports: [1, 2]}\n',
      },
      want: [
        {
          path: 'applications.db.options.ports',
          message: 'expected text, a number or true/false, got a list',
        },
      ],
    },
    {
      name: 'option without a value in the base',
      files: {
        'bundle.yaml': 'applications:\n  db:\n    charm: ./charms/db\n    options: {port:}\n',
      },
      want: [
        {
          path: 'applications.db.options.port',
          message: 'option has no value: give one (use "" for empty text) or leave the option out',
        },
      ],
    },
    {
      name: 'resource path not found',
      files: {
        'bundle.yaml':
          'applications:\n  db:\n    charm: ./charms/db\n    resources: {data: ./missing.tar}\n',
      },
      want: [
        {
          path: 'applications.db.resources.data',
          message: /^resource file \.\/missing\.tar not found/,
        },
      ],
    },
    {
      name: 'resource revision not a whole number',
      files: {
        'bundle.yaml': 'applications:\n  db:\n    charm: ./charms/db\n    resources: {data: 1.5}\n',
      },
      want: [
        {
          path: 'applications.db.resources.data',
          message: 'expected a revision number or a path to a local file, got 1.5',
        },
      ],
    },
    {
      name: 'invalid application name',
      files: { 'bundle.yaml': 'applications:\n  Db: {charm: ./charms/db}\n' },
      want: [
        {
          path: 'applications.Db',
          message:
            '"Db" is not a valid application name (lowercase letters, digits and hyphens, starting with a letter)',
        },
      ],
    },
    {
      name: 'relation with one endpoint',
      files: { 'bundle.yaml': `${BASE}relations:\n  - [app:db]\n` },
      want: [
        {
          path: 'relations.0',
          message:
            'a relation needs exactly 2 endpoints, got 1: write [app:endpoint, other:endpoint]',
        },
      ],
    },
    {
      name: 'relation to an unknown application',
      files: { 'bundle.yaml': `${BASE}relations:\n  - [app:db, ghost:db]\n` },
      want: [
        {
          path: 'relations.0',
          message:
            'application "ghost" is neither in the bundle nor in the model: add it under applications or fix the name',
        },
      ],
    },
    {
      name: 'relation of an application with itself',
      files: { 'bundle.yaml': `${BASE}relations:\n  - [db:a, db:b]\n` },
      want: [
        {
          path: 'relations.0',
          message: 'both endpoints are on application "db": a relation joins two applications',
        },
      ],
    },
    {
      name: 'duplicate relation, in either order',
      files: { 'bundle.yaml': `${BASE}relations:\n  - [app:db, db:db]\n  - [db:db, app:db]\n` },
      want: [
        {
          path: 'relations.1',
          message:
            /^duplicate relation \(already declared at .*bundle\.yaml: relations\.0\): remove one of them$/,
        },
      ],
    },
    {
      name: 'malformed endpoint',
      files: { 'bundle.yaml': `${BASE}relations:\n  - ["app:db:x", db]\n` },
      want: [
        {
          path: 'relations.0',
          message: 'invalid endpoint "app:db:x": write "app" or "app:endpoint"',
        },
      ],
    },
    {
      name: 'saas is not supported',
      files: { 'bundle.yaml': `${BASE}saas:\n  remote: {url: ctrl:admin/m.db}\n` },
      want: [
        { path: 'saas', message: 'saas are not supported by charmkit: remove the saas section' },
      ],
    },
    {
      name: 'application offers are not supported',
      files: {
        'bundle.yaml':
          'applications:\n  db:\n    charm: ./charms/db\n    offers: {o: {endpoints: [db]}}\n',
      },
      want: [
        {
          path: 'applications.db.offers',
          message: 'offers are not supported by charmkit: remove it',
        },
      ],
    },
    {
      name: 'applications and services together',
      files: { 'bundle.yaml': `${BASE}services: {}\n` },
      want: [
        {
          path: 'services',
          message:
            'give applications or the legacy services, not both (rename services to applications)',
        },
      ],
    },
    {
      name: 'legacy services errors keep the services path',
      files: { 'bundle.yaml': 'services:\n  db: {charm: ./charms/db, num_units: x}\n' },
      want: [{ path: 'services.db.num_units', message: /^expected a whole number, got "x"/ }],
    },
    {
      name: 'no applications',
      files: { 'bundle.yaml': 'description: nothing\n' },
      want: [
        {
          path: 'applications',
          message: 'the bundle has no applications: declare at least one under applications',
        },
      ],
    },
    {
      name: 'empty file',
      files: { 'bundle.yaml': '# nothing yet\n' },
      want: [
        { path: '', message: 'the file is empty: give applications (and relations) to deploy' },
      ],
    },
    {
      name: 'invalid YAML',
      files: { 'bundle.yaml': 'applications:\n  db: {charm: ./charms/db\n' },
      want: [{ path: '', message: /^invalid YAML: / }],
    },
    {
      name: 'not a mapping',
      files: { 'bundle.yaml': '- just\n- a list\n' },
      want: [{ path: '', message: 'expected a mapping of bundle keys, got a list' }],
    },
    {
      name: 'errors in an overlay name the overlay',
      files: { 'bundle.yaml': BASE, 'o.yaml': 'applications:\n  db: {num_units: many}\n' },
      overlays: ['o.yaml'],
      want: [
        { file: 'o.yaml', path: 'applications.db.num_units', message: /^expected a whole number/ },
      ],
    },
    {
      name: 'errors in a later document name the document',
      files: { 'bundle.yaml': `${BASE}---\napplications:\n  db: {expose: maybe}\n` },
      want: [
        {
          file: 'bundle.yaml (document 2)',
          path: 'applications.db.expose',
          message: /^expected true or false/,
        },
      ],
    },
    {
      name: 'merged-bundle errors name the file that set the key',
      files: { 'bundle.yaml': BASE, 'o.yaml': 'applications:\n  db: {charm: mysql}\n' },
      overlays: ['o.yaml'],
      want: [{ file: 'o.yaml', path: 'applications.db.charm', message: /is a Charmhub charm/ }],
    },
    {
      name: 'every problem is reported at once',
      files: {
        'bundle.yaml':
          'applications:\n  db: {charm: pg, num_units: 1, scale: 1}\n  app: {}\nfoo: 1\n',
      },
      want: [{ path: 'foo', message: /^unknown top-level key "foo"/ }],
    },
  ];

  it.each(cases)('$name', async ({ files, overlays, existingApps, want }) => {
    const error = await loadError(files, {
      ...(overlays ? { overlays } : {}),
      ...(existingApps ? { existingApps } : {}),
    });
    expect(error.code).toBe('invalid');
    expect(error.problems).toHaveLength(want.length);
    want.forEach((w, i) => {
      const got = error.problems[i]!;
      expect(got.path).toBe(w.path);
      if (typeof w.message === 'string') expect(got.message).toBe(w.message);
      else expect(got.message).toMatch(w.message);
      expect(got.file.endsWith(w.file ?? 'bundle.yaml')).toBe(true);
    });
  });

  it('collects every problem of the merged bundle into one message', async () => {
    const error = await loadError({
      'bundle.yaml': 'applications:\n  db: {charm: pg, num_units: 1, scale: 1}\n  app: {}\n',
    });
    expect(error.problems.map((p) => p.path)).toEqual([
      'applications.db.charm',
      'applications.db',
      'applications.app',
    ]);
    expect(error.message).toMatch(
      /^cannot deploy bundle: 3 problems:\n {2}\/.*bundle\.yaml: applications\.db\.charm: /,
    );
  });

  it('accepts relations to applications already in the model', async () => {
    const dir = workspace({ 'bundle.yaml': `${BASE}relations:\n  - [app:db, ingress:web]\n` });
    const bundle = await loadBundle(join(dir, 'bundle.yaml'), { existingApps: ['ingress'] });
    expect(bundle.relations[0]?.endpoints).toEqual([
      { app: 'app', endpoint: 'db' },
      { app: 'ingress', endpoint: 'web' },
    ]);
  });

  it('accepts and ignores base, series, placement and machine keys', async () => {
    const dir = workspace({
      'bundle.yaml':
        'bundle: kubernetes\ndefault-base: ubuntu@22.04\nseries: jammy\n' +
        'applications:\n  db:\n    charm: ./charms/db\n    base: ubuntu@24.04\n    series: noble\n' +
        '    to: ["0"]\n    placement: "node=a"\n    revision: 3\n    channel: latest/edge\n' +
        '    constraints: mem=4G\n    storage: {data: 10G}\n    annotations: {gui-x: 1}\n' +
        'machines:\n  "0": {}\n',
    });
    const bundle = await loadBundle(join(dir, 'bundle.yaml'));
    expect(bundle.bundleType).toBe('kubernetes');
    expect(bundle.applications.db).toMatchObject({
      revision: 3,
      channel: 'latest/edge',
      constraints: 'mem=4G',
      storage: { data: '10G' },
      annotations: { 'gui-x': '1' },
    });
  });
});
