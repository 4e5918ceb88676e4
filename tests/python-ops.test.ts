/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument -- assertions on raw CLI JSON */
/**
 * A real Python `ops` charm (examples/charms/python-web) on the local controller, driven by the
 * CLI: Pebble layers, checks, exec and push through /charm/containers or the socket ops is told
 * about, a secret granted over a relation, actions, config changes, scale-down.
 *
 * Then the other way across languages: a Python requirer written with data_platform_libs'
 * `DatabaseRequires` (tests/fixtures/python-db-requirer) related to the TypeScript PostgreSQL
 * charm gets a database and credentials through secrets, and uses them with psql, while the
 * TypeScript `DatabaseRequirer` (the postgresql charm's test client) reads what a Python
 * `DatabaseProvides` (tests/fixtures/python-db-provider) hands out; and a
 * Python `IngressPerAppRequirer` (traefik_k8s v2, tests/fixtures/python-ingress-requirer) gets
 * a URL from the TypeScript ingress charm that reaches both its units, while the TypeScript
 * `IngressRequirer` gets the URL a Python `IngressPerAppProvider` publishes.
 *
 * Opt-in: ops cannot be installed on CI (no PyPI there). Point CHARMKIT_OPS_VENV at a directory
 * holding `ops/`, `websocket/` and, for ops ≥ 2.18, `opentelemetry/` (what `pip install
 * --target DIR ops` makes) to run it; for the second part also CHARMKIT_DATA_PLATFORM_LIBS at
 * the `lib/` of a canonical/data-platform-libs checkout (its current data_interfaces needs
 * ops ≥ 2.20: `Relation.remote_model`), and PostgreSQL's binaries; for the third
 * CHARMKIT_TRAEFIK_LIBS at the `lib/` of a canonical/traefik-k8s-operator checkout, with
 * pydantic importable by /usr/bin/python3 (Debian's `python3-pydantic`).
 */
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresInstalled } from '../charms/postgresql/test/installed.ts';
import { charmkit as run, tempHome } from '../packages/cli/test/helpers.ts';

const VENV = process.env.CHARMKIT_OPS_VENV;
const DATA_PLATFORM_LIBS = process.env.CHARMKIT_DATA_PLATFORM_LIBS;
const TRAEFIK_LIBS = process.env.CHARMKIT_TRAEFIK_LIBS;
const EXAMPLE = fileURLToPath(new URL('../examples/charms/python-web', import.meta.url));
const REQUIRER = fileURLToPath(new URL('fixtures/python-db-requirer', import.meta.url));
const PROVIDER = fileURLToPath(new URL('fixtures/python-db-provider', import.meta.url));
const TS_CLIENT = fileURLToPath(
  new URL('../charms/postgresql/test/fixtures/client', import.meta.url),
);
const INGRESS_REQUIRER = fileURLToPath(
  new URL('fixtures/python-ingress-requirer', import.meta.url),
);
const INGRESS = fileURLToPath(new URL('../charms/ingress', import.meta.url));
const INGRESS_PROVIDER = fileURLToPath(
  new URL('fixtures/python-ingress-provider', import.meta.url),
);
const TS_BACKEND = fileURLToPath(
  new URL('../charms/ingress/test/fixtures/backend', import.meta.url),
);

/** A copy of a fixture charm with its `lib/` and `venv/` filled in. */
function withPythonDeps(fixture: string, lib: string): string {
  const charm = join(mkdtempSync(join('/tmp', 'ck-pycharm-')), 'charm');
  cpSync(fixture, charm, { recursive: true });
  cpSync(lib, join(charm, 'lib'), { recursive: true });
  for (const entry of readdirSync(VENV!))
    cpSync(join(VENV!, entry), join(charm, 'venv', entry), { recursive: true });
  return charm;
}
const POSTGRESQL = fileURLToPath(new URL('../charms/postgresql', import.meta.url));
/**
 * `charmkit` against a state directory of its own, `must` failing the test on a non-zero
 * exit; the controller it bootstraps is killed after the describe block that calls this.
 */
function cliOfItsOwn(): {
  ck: (...args: string[]) => ReturnType<typeof run>;
  must: (...args: string[]) => Promise<string>;
} {
  const home = tempHome();
  const ck = (...args: string[]) => run(home, args);
  const must = async (...args: string[]): Promise<string> => {
    const result = await ck(...args);
    expect(result.code, `charmkit ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  afterAll(async () => {
    await ck('kill-controller');
  }, 60_000);
  return { ck, must };
}

describe.skipIf(VENV === undefined)('a Python ops charm, unmodified', () => {
  const charm = join(mkdtempSync(join('/tmp', 'ck-pyweb-')), 'python-web');
  const { ck: charmkit, must: ok } = cliOfItsOwn();
  const status = async (): Promise<any> => JSON.parse(await ok('status', '--format', 'json'));

  it('deploys, relates and settles active with a shared secret', async () => {
    cpSync(EXAMPLE, charm, { recursive: true });
    for (const entry of readdirSync(VENV!))
      cpSync(join(VENV!, entry), join(charm, 'venv', entry), { recursive: true });
    await ok('bootstrap');
    await ok('add-model', 'py');
    await ok('deploy', charm, 'web', '-n', '2', '--resource', 'web-image=ubuntu:22.04');
    await ok('deploy', charm, 'client', '--resource', 'web-image=ubuntu:22.04');
    await ok('integrate', 'web:site', 'client:backend');
    await ok('wait', '--timeout', '2m');
    const s = await status();
    expect(s.applications.client.version).toBe('token-s3cr3t');
    const web0 = s.applications.web.units['web/0'];
    expect(web0['workload-status'].message).toMatch(/^serving \(\d+ reconciles\)$/);
    expect(web0['open-ports']).toEqual(['8081/tcp']);
    expect(await (await fetch(`http://${web0.address}:8081/`)).text()).toBe('hello from web/0\n');
    expect(await ok('status', '--relations')).toMatch(
      /^web:site +client:backend +http +regular *$/m,
    );
  }, 180_000);

  it('runs actions, including one that fails', async () => {
    const done = JSON.parse(await ok('run', 'web/0', 'greet', 'name=Ann', '--format', 'json'));
    expect(done['web/0']).toMatchObject({
      status: 'completed',
      results: { message: 'hello, Ann' },
    });
    const failed = await charmkit('run', 'web/1', 'greet', 'name=nobody');
    expect(failed.code).toBe(0);
    expect(failed.stderr).toContain('failed: cannot greet nobody');
  }, 60_000);

  it('reconfigures, scales down and logs no Python errors', async () => {
    await ok('config', 'web', 'greeting=howdy');
    await ok('wait', '--timeout', '1m');
    const s = await status();
    const address = s.applications.web.units['web/1'].address;
    expect(await (await fetch(`http://${address}:8081/`)).text()).toBe('howdy from web/1\n');
    await ok('remove-relation', 'web:site', 'client:backend');
    await ok('scale-application', 'web', '1');
    await ok('wait', '--timeout', '1m');
    expect(Object.keys((await status()).applications.web.units)).toEqual(['web/0']);
    const log = await ok('debug-log', '--replay', '--no-tail');
    expect(log).not.toMatch(/Traceback|ERROR/);
  }, 120_000);
});

describe.skipIf(VENV === undefined || DATA_PLATFORM_LIBS === undefined || !postgresInstalled)(
  'data_platform_libs (Python) and Charmkit’s postgresql_client, both ways',
  () => {
    const { must } = cliOfItsOwn();

    it('gets a database, credentials through secrets, and a user dropped when it leaves', async () => {
      const charm = withPythonDeps(REQUIRER, DATA_PLATFORM_LIBS!);
      await must('bootstrap');
      await must('add-model', 'db');
      await must('deploy', POSTGRESQL, 'postgresql');
      await must('deploy', charm, 'pydb');
      await must('integrate', 'pydb', 'postgresql');
      await must('wait', '--timeout', '3m');
      const s = JSON.parse(await must('status', '--format', 'json'));
      expect(s.applications.pydb['application-status']).toMatchObject({
        current: 'active',
        message: 'connected',
      });
      const query = JSON.parse(await must('run', 'pydb/0', 'query', '--format', 'json'));
      expect(query['pydb/0'].results.sum).toMatch(/42$/);
      await must('remove-relation', 'pydb', 'postgresql');
      await must('wait', 'pydb', '--for', 'waiting', '--timeout', '1m');
      const log = await must('debug-log', '--replay', '--no-tail');
      expect(log).toMatch(/database created: user=relation_id_\d+ endpoints=[\d.]+:5432 db=pyapp/);
      expect(log).toMatch(/dropped relation_id_\d+: its relation is gone/);
      expect(log).not.toMatch(/Traceback/);
    }, 300_000);

    it('the TypeScript DatabaseRequirer reads what a Python DatabaseProvides hands out', async () => {
      const provider = withPythonDeps(PROVIDER, DATA_PLATFORM_LIBS!);
      await must('deploy', provider, 'pyprov');
      await must('deploy', TS_CLIENT, 'client', '--config', 'database=orders');
      await must('integrate', 'client', 'pyprov');
      await must('wait', 'client', 'pyprov', '--timeout', '2m');
      const done = JSON.parse(await must('run', 'client/0', 'credentials', '--format', 'json'));
      expect(done['client/0'].results).toMatchObject({
        username: expect.stringMatching(/^user_\d+$/),
        password: 'pa55word',
        host: '10.9.8.7',
        port: '5432',
        database: 'orders',
        version: '16.4',
        uris: expect.stringMatching(/^postgresql:\/\/user_\d+:pa55word@10\.9\.8\.7:5432\/orders$/),
      });
    }, 300_000);
  },
);

describe.skipIf(VENV === undefined || TRAEFIK_LIBS === undefined)(
  'traefik_k8s ingress (Python) and Charmkit’s ingress, both ways',
  () => {
    const { must } = cliOfItsOwn();

    it('gets a URL that reaches its units, and loses it with the relation', async () => {
      const charm = withPythonDeps(INGRESS_REQUIRER, TRAEFIK_LIBS!);
      await must('bootstrap');
      await must('add-model', 'ing');
      await must('deploy', INGRESS, 'ingress', '--config', 'port=8098');
      await must('deploy', charm, 'pying', '-n', '2', '--resource', 'web-image=ubuntu:22.04');
      await must('integrate', 'pying', 'ingress');
      await must('wait', '--timeout', '2m');
      const s = JSON.parse(await must('status', '--format', 'json'));
      const message: string = s.applications.pying['application-status'].message;
      expect(message).toMatch(/^url http:\/\/[\d.]+:8098\/ing-pying$/);
      const url = message.slice('url '.length);
      // The app serves /etc through python3 -m http.server.
      for (let i = 0; i < 4; i++) expect((await fetch(`${url}/hostname`)).status).toBe(200);
      await must('remove-relation', 'pying', 'ingress');
      await must('wait', 'pying', '--for', 'waiting', '--timeout', '1m');
      await must('wait', 'ingress', '--timeout', '1m');
      expect((await fetch(`${url}/hostname`)).status).toBe(404);
      const log = await must('debug-log', '--replay', '--no-tail');
      expect(log).toContain('ingress revoked');
      expect(log).not.toMatch(/Traceback/);
    }, 300_000);

    it('the TypeScript IngressRequirer gets the URL a Python IngressPerAppProvider publishes', async () => {
      const provider = withPythonDeps(INGRESS_PROVIDER, TRAEFIK_LIBS!);
      await must('deploy', provider, 'pyiprov');
      await must('deploy', TS_BACKEND, 'backend', '-n', '2', '--config', 'port=8112');
      await must('integrate', 'backend', 'pyiprov');
      await must('wait', 'backend', 'pyiprov', '--timeout', '2m');
      const s = JSON.parse(await must('status', '--format', 'json'));
      for (const unit of ['backend/0', 'backend/1'])
        expect(s.applications.backend.units[unit]['workload-status'].message).toBe(
          'http://proxy.example/ing-backend',
        );
      const log = await must('debug-log', '--replay', '--no-tail');
      // The provider read both units' data (strip-prefix as the requirer asked).
      expect(log).toMatch(/asked for ing\/backend strip=\w+ hosts=[^,\s]+,[^,\s]+/);
      expect(log).not.toMatch(/Traceback/);
    }, 300_000);
  },
);
