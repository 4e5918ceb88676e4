/**
 * `postgresql_client` against interfaces.md §2.7: databags fed in exactly as the Python
 * libraries write them, and our databags compared with the spec's byte for byte.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Context, relation, secret, state, DEFAULT_UNIT_BAG } from '@charmkit/testing';
import type { DatabaseConnection, DatabaseRequest } from '../src/index.ts';
import { PostgresCharm, WebappCharm, blockedOn, reset } from './charms.ts';

// §2.7, verbatim.
const REQUIRER_APP_BAG = {
  database: 'webapp',
  'provided-secrets': '["mtls-cert"]',
  'requested-secrets':
    '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]',
};
const PROVIDER_APP_BAG = {
  data: '{"database": "webapp", "provided-secrets": "[\\"mtls-cert\\"]", "requested-secrets": "[\\"username\\", \\"password\\", \\"tls\\", \\"tls-ca\\", \\"uris\\", \\"read-only-uris\\", \\"entity-name\\", \\"entity-password\\"]"}',
  database: 'webapp',
  endpoints: 'postgresql-k8s-primary.demo.svc.cluster.local:5432',
  'read-only-endpoints': 'postgresql-k8s-replicas.demo.svc.cluster.local:5432',
  'secret-tls': 'secret:d1ga2hbmp25c7b0qnvrg',
  'secret-user': 'secret:d1ga2h3mp25c7b0qnvr0',
  version: '16.9',
};
const USER_SECRET = {
  username: 'relation_id_7',
  password: 'Zt8qW3xV9pL2mN6b',
  uris: 'postgresql://relation_id_7:Zt8qW3xV9pL2mN6b@postgresql-k8s-primary.demo.svc.cluster.local:5432/webapp',
  'read-only-uris':
    'postgresql://relation_id_7:Zt8qW3xV9pL2mN6b@postgresql-k8s-replicas.demo.svc.cluster.local:5432/webapp',
};
const REQUIRER_UNIT_BAG = {
  data: '{"database": "webapp", "endpoints": "postgresql-k8s-primary.demo.svc.cluster.local:5432", "read-only-endpoints": "postgresql-k8s-replicas.demo.svc.cluster.local:5432", "secret-tls": "secret:d1ga2hbmp25c7b0qnvrg", "secret-user": "secret:d1ga2h3mp25c7b0qnvr0", "version": "16.9"}',
  'provided-secrets': '["mtls-cert"]',
  'requested-secrets':
    '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]',
};
const LEGACY_PROVIDER_APP_BAG = {
  data: '{"database": "webapp"}',
  database: 'webapp',
  endpoints: 'postgresql-k8s-primary.demo.svc.cluster.local:5432',
  password: 'Zt8qW3xV9pL2mN6b',
  'read-only-endpoints': 'postgresql-k8s-replicas.demo.svc.cluster.local:5432',
  tls: 'False',
  uris: 'postgresql://relation_id_7:Zt8qW3xV9pL2mN6b@postgresql-k8s-primary.demo.svc.cluster.local:5432/webapp',
  username: 'relation_id_7',
  version: '16.9',
};

const userSecret = () => secret(USER_SECRET, { id: 'secret:d1ga2h3mp25c7b0qnvr0' });
const tlsSecret = () => secret({ tls: 'False' }, { id: 'secret:d1ga2hbmp25c7b0qnvrg' });

const PRIMARY = { host: 'postgresql-k8s-primary.demo.svc.cluster.local', port: 5432 };
const REPLICAS = { host: 'postgresql-k8s-replicas.demo.svc.cluster.local', port: 5432 };

beforeEach(reset);

describe('DatabaseRequirer', () => {
  const webappRel = (options: Parameters<typeof relation>[1] = {}) =>
    relation('postgresql', { id: 7, remoteAppName: 'postgresql-k8s', ...options });

  it('writes the §2.7 request on relation-created, byte for byte', async () => {
    const ctx = new Context(WebappCharm);
    const rel = webappRel();
    const out = await ctx.run(
      ctx.on.relationCreated(rel),
      state({ leader: true, relations: [rel] }),
    );
    const got = out.getRelation(7);
    expect(got.localAppData).toEqual(REQUIRER_APP_BAG);
    expect(got.localUnitData).toEqual({
      ...DEFAULT_UNIT_BAG,
      'provided-secrets': REQUIRER_UNIT_BAG['provided-secrets'],
      'requested-secrets': REQUIRER_UNIT_BAG['requested-secrets'],
    });
  });

  it('writes extra-user-roles and never changes a request already made', async () => {
    WebappCharm.extraUserRoles = 'CREATEDB,CREATEROLE';
    const ctx = new Context(WebappCharm);
    const rel = webappRel();
    const out = await ctx.run(
      ctx.on.relationCreated(rel),
      state({ leader: true, relations: [rel] }),
    );
    expect(out.getRelation(7).localAppData['extra-user-roles']).toBe('CREATEDB,CREATEROLE');
    WebappCharm.extraUserRoles = 'SUPERUSER';
    WebappCharm.probe = (charm) => charm.db.request();
    const again = await ctx.run(ctx.on.updateStatus(), out);
    expect(again.getRelation(7).localAppData['extra-user-roles']).toBe('CREATEDB,CREATEROLE');
    expect(ctx.jujuLog.some((l) => l.message.includes('Not changing extra-user-roles'))).toBe(true);
  });

  it('a non-leader writes nothing on relation-created', async () => {
    const ctx = new Context(WebappCharm);
    const rel = webappRel();
    const out = await ctx.run(ctx.on.relationCreated(rel), state({ relations: [rel] }));
    expect(out.getRelation(7).localUnitData).toEqual(DEFAULT_UNIT_BAG);
  });

  it('legacy Juju (< 3.0.3) requests only the database', async () => {
    const ctx = new Context(WebappCharm, { jujuVersion: '2.9.44' });
    const rel = webappRel();
    const out = await ctx.run(
      ctx.on.relationCreated(rel),
      state({ leader: true, relations: [rel] }),
    );
    expect(out.getRelation(7).localAppData).toEqual({ database: 'webapp' });
  });

  it('reads the §2.7 provider data and emits database-created once', async () => {
    const ctx = new Context(WebappCharm);
    let conn: DatabaseConnection | undefined;
    WebappCharm.probe = (charm) => (conn = charm.db.connection());
    const rel = webappRel({
      localAppData: REQUIRER_APP_BAG,
      localUnitData: {
        'provided-secrets': REQUIRER_UNIT_BAG['provided-secrets'],
        'requested-secrets': REQUIRER_UNIT_BAG['requested-secrets'],
      },
      remoteAppData: PROVIDER_APP_BAG,
    });
    const secrets = [userSecret(), tlsSecret()];
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      state({ leader: true, relations: [rel], secrets }),
    );
    expect(conn).toEqual({
      relationId: 7,
      remoteApp: 'postgresql-k8s',
      database: 'webapp',
      username: 'relation_id_7',
      password: 'Zt8qW3xV9pL2mN6b',
      endpoints: [PRIMARY],
      readOnlyEndpoints: [REPLICAS],
      uris: USER_SECRET.uris,
      readOnlyUris: USER_SECRET['read-only-uris'],
      version: '16.9',
      tls: { enabled: false },
    });
    expect(WebappCharm.changes.map((c) => c.kind)).toEqual(['database-created']);
    expect(out.getRelation(7).localUnitData).toEqual({ ...DEFAULT_UNIT_BAG, ...REQUIRER_UNIT_BAG });
    expect(out.getSecret({ id: 'secret:d1ga2h3mp25c7b0qnvr0' }).label).toBe(
      'postgresql.7.user.secret',
    );
    expect(out.getSecret({ id: 'secret:d1ga2hbmp25c7b0qnvrg' }).label).toBe(
      'postgresql.7.tls.secret',
    );

    // The same data again: nothing new. A moved primary: endpoints-changed only.
    const same = await ctx.run(ctx.on.relationChanged(rel), out);
    const moved = webappRel({
      ...same.getRelation(7),
      remoteAppData: { ...PROVIDER_APP_BAG, endpoints: 'pg-new.demo.svc.cluster.local:5433' },
    });
    await ctx.run(ctx.on.relationChanged(moved), same.with({ relations: [moved] }));
    expect(WebappCharm.changes.map((c) => c.kind)).toEqual([
      'database-created',
      null,
      'endpoints-changed',
    ]);
  });

  it('reads the legacy (no secrets) provider bag; username+password added = created', async () => {
    const ctx = new Context(WebappCharm, { jujuVersion: '2.9.44' });
    let conn: DatabaseConnection | undefined;
    WebappCharm.probe = (charm) => (conn = charm.db.connection());
    const rel = webappRel({
      localAppData: { database: 'webapp' },
      remoteAppData: LEGACY_PROVIDER_APP_BAG,
    });
    const out = await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel] }));
    expect(conn).toMatchObject({
      username: 'relation_id_7',
      password: 'Zt8qW3xV9pL2mN6b',
      endpoints: [PRIMARY],
      uris: LEGACY_PROVIDER_APP_BAG.uris,
      tls: { enabled: false },
    });
    expect(WebappCharm.changes.map((c) => c.kind)).toEqual(['database-created']);
    const data = JSON.parse(out.getRelation(7).localUnitData.data ?? '{}') as object;
    expect(Object.keys(data)).not.toContain('data');
    expect(data).toMatchObject({ username: 'relation_id_7', tls: 'False' });
  });

  it('is undefined until credentials and endpoints are there', async () => {
    const ctx = new Context(WebappCharm);
    let conn: DatabaseConnection | undefined | 'unset' = 'unset';
    WebappCharm.probe = (charm) => (conn = charm.db.connection());
    const rel = webappRel({ remoteAppData: { endpoints: PROVIDER_APP_BAG.endpoints } });
    await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel] }));
    expect(conn).toBeUndefined();
  });

  it('entity-type in the provider echo turns secret-user into no created event', async () => {
    const ctx = new Context(WebappCharm);
    const rel = webappRel({
      remoteAppData: {
        ...PROVIDER_APP_BAG,
        data: '{"database": "webapp", "entity-type": "USER"}',
      },
    });
    await ctx.run(
      ctx.on.relationChanged(rel),
      state({ relations: [rel], secrets: [userSecret(), tlsSecret()] }),
    );
    expect(WebappCharm.changes.map((c) => c.kind)).toEqual(['endpoints-changed']);
  });

  it('reports provider statuses raised', async () => {
    const ctx = new Context(WebappCharm);
    const status = '[{"code": 4001, "message": "waiting", "resolution": "wait"}]';
    const rel = webappRel({ remoteAppData: { status } });
    await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel] }));
    expect(WebappCharm.changes[0]?.statusRaised).toEqual([
      { code: 4001, message: 'waiting', resolution: 'wait' },
    ]);
  });

  it.each([
    {
      name: 'endpoints without a port',
      bag: { ...LEGACY_PROVIDER_APP_BAG, endpoints: 'pg.demo' },
      want: /^invalid data from postgresql-k8s on postgresql:7: endpoints: expected comma-separated host:port/,
    },
    {
      name: 'endpoints with a port out of range',
      bag: { ...LEGACY_PROVIDER_APP_BAG, endpoints: 'pg:70000' },
      want: /postgresql:7: endpoints: .*"pg:70000"/,
    },
    {
      name: 'status that is not JSON',
      bag: { ...LEGACY_PROVIDER_APP_BAG, status: '[{code: 1}' },
      want: /postgresql:7: status: not valid JSON/,
    },
    {
      name: 'status items of the wrong type',
      bag: {
        ...LEGACY_PROVIDER_APP_BAG,
        status: '[{"code": "x", "message": "m", "resolution": "r"}]',
      },
      want: /postgresql:7: status\.0\.code: /,
    },
    {
      name: 'secret-user that is not a secret URI',
      bag: { ...PROVIDER_APP_BAG, 'secret-user': 'd1ga2h3mp25c7b0qnvr0' },
      want: /postgresql:7: secret-user: expected a secret URI/,
    },
    {
      name: 'tls that is not a boolean',
      bag: { ...LEGACY_PROVIDER_APP_BAG, tls: 'maybe' },
      want: /postgresql:7: tls: expected True or False, got "maybe"/,
    },
  ])('blocks on malformed provider data: $name', async ({ bag, want }) => {
    const ctx = new Context(WebappCharm, { jujuVersion: '2.9.44' });
    WebappCharm.probe = (charm) => blockedOn(charm, () => charm.db.connection());
    const rel = webappRel({ remoteAppData: bag });
    const out = await ctx.run(ctx.on.updateStatus(), state({ relations: [rel] }));
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toMatch(want);
  });

  it('a malformed data snapshot blocks with the key named', async () => {
    const ctx = new Context(WebappCharm);
    const rel = webappRel({
      localUnitData: { data: '{not json' },
      remoteAppData: { version: '1' },
    });
    const out = await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel] }));
    expect(out.unitStatus.message).toMatch(
      /^invalid data from webapp\/0 on postgresql:7: data: not valid JSON/,
    );
  });
});

describe('DatabaseProvider', () => {
  const pgRel = (options: Parameters<typeof relation>[1] = {}) =>
    relation('database', { id: 7, remoteAppName: 'webapp', ...options });
  const publish = (charm: PostgresCharm): void => {
    for (const req of charm.db.requests()) {
      charm.db.publish(req.relation, {
        username: `relation_id_${req.relationId}`,
        password: 'Zt8qW3xV9pL2mN6b',
        endpoints: [PRIMARY],
        uris: USER_SECRET.uris,
        tls: false,
        readOnlyEndpoints: ['postgresql-k8s-replicas.demo.svc.cluster.local:5432'],
        readOnlyUris: USER_SECRET['read-only-uris'],
        version: '16.9',
        database: req.database,
      });
    }
  };

  it('answers the §2.7 request: bag, secrets, labels and grants as PG-k8s writes them', async () => {
    const ctx = new Context(PostgresCharm);
    let requests: DatabaseRequest[] = [];
    PostgresCharm.probe = (charm) => {
      requests = charm.db.requests();
      publish(charm);
    };
    const rel = pgRel({ remoteAppData: REQUIRER_APP_BAG });
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      state({ leader: true, relations: [rel] }),
    );
    expect(PostgresCharm.requested.map((e) => e.kind)).toEqual(['database-requested']);
    expect(requests[0]).toMatchObject({
      database: 'webapp',
      externalNodeConnectivity: false,
      requestedSecrets: JSON.parse(REQUIRER_APP_BAG['requested-secrets']) as string[],
    });
    const bag = out.getRelation(7).localAppData;
    const userId = bag['secret-user'] ?? '';
    const tlsId = bag['secret-tls'] ?? '';
    expect(bag).toEqual({ ...PROVIDER_APP_BAG, 'secret-user': userId, 'secret-tls': tlsId });
    const user = out.getSecret({ id: userId });
    expect(user).toMatchObject({ owner: 'app', label: 'database.7.user.secret' });
    expect(user.revisions[1]).toEqual(USER_SECRET);
    expect(user.remoteGrants).toEqual({ 7: ['webapp'] });
    const tls = out.getSecret({ id: tlsId });
    expect(tls).toMatchObject({ label: 'database.7.tls.secret', remoteGrants: { 7: ['webapp'] } });
    expect(tls.revisions[1]).toEqual({ tls: 'False' });

    // Publishing the same again creates no new revision; a new password does.
    const same = await ctx.run(ctx.on.updateStatus(), out);
    expect(Object.keys(same.getSecret({ id: userId }).revisions)).toEqual(['1']);
    PostgresCharm.probe = (charm) =>
      charm.db.publish(charm.db.requests()[0]!.relation, { password: 'rotated' });
    const rotated = await ctx.run(ctx.on.updateStatus(), same);
    expect(rotated.getSecret({ id: userId }).revisions[2]).toEqual({
      ...USER_SECRET,
      password: 'rotated',
    });
  });

  it('answers a requirer without secrets in clear, equal to the §2.7 legacy bag', async () => {
    const ctx = new Context(PostgresCharm);
    PostgresCharm.probe = publish;
    const rel = pgRel({ remoteAppData: { database: 'webapp' } });
    const out = await ctx.run(
      ctx.on.relationChanged(rel),
      state({ leader: true, relations: [rel] }),
    );
    const { 'read-only-uris': readOnlyUris, ...bag } = out.getRelation(7).localAppData;
    expect(readOnlyUris).toBe(USER_SECRET['read-only-uris']);
    expect(bag).toEqual(LEGACY_PROVIDER_APP_BAG);
    expect(out.secrets).toEqual([]);
  });

  it('refuses credentials before the requirer asked for a database', async () => {
    const ctx = new Context(PostgresCharm);
    PostgresCharm.probe = (charm) => {
      const rel = charm.db.relations[0]!;
      charm.db.publish(rel, { endpoints: [PRIMARY] });
      charm.db.publish(rel, { username: 'u', password: 'p' });
    };
    const rel = pgRel();
    const err = await ctx
      .run(ctx.on.updateStatus(), state({ leader: true, relations: [rel] }))
      .catch((e: unknown) => e);
    expect(String((err as Error).cause)).toMatch(
      /cannot publish username, password on database:7: the requirer has not asked for a database yet/,
    );
  });

  it.each<{ name: string; bag: Record<string, string>; want: RegExp }>([
    {
      name: 'an empty database name',
      bag: { database: '' },
      want: /^invalid data from webapp on database:7: database: must not be empty/,
    },
    {
      name: 'requested-secrets that is not JSON',
      bag: { database: 'webapp', 'requested-secrets': '[username]' },
      want: /database:7: requested-secrets: not valid JSON/,
    },
    {
      name: 'requested-secrets of the wrong type',
      bag: { database: 'webapp', 'requested-secrets': '{"username": 1}' },
      want: /database:7: requested-secrets: /,
    },
    {
      name: 'an unknown entity-type',
      bag: { database: 'webapp', 'entity-type': 'ROBOT' },
      want: /database:7: entity-type: /,
    },
  ])('blocks on a malformed request: $name', async ({ bag, want }) => {
    const ctx = new Context(PostgresCharm);
    PostgresCharm.probe = (charm) => blockedOn(charm, () => charm.db.requests());
    const rel = pgRel({ remoteAppData: bag });
    const out = await ctx.run(ctx.on.updateStatus(), state({ leader: true, relations: [rel] }));
    expect(out.unitStatus.message).toMatch(want);
  });

  it('a requirer without database yet is no request', async () => {
    const ctx = new Context(PostgresCharm);
    let requests: DatabaseRequest[] = [];
    PostgresCharm.probe = (charm) => (requests = charm.db.requests());
    const rel = pgRel({ remoteAppData: { 'requested-secrets': '["username"]' } });
    await ctx.run(ctx.on.relationChanged(rel), state({ leader: true, relations: [rel] }));
    expect(requests).toEqual([]);
    expect(PostgresCharm.requested).toEqual([]);
  });
});
