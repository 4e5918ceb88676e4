/**
 * @module The PostgreSQL charm. `reconcile()` brings the server up (initdb once, the Pebble
 * service, readiness), keeps the operator password in an application secret, gives every
 * related application the database and user it asked for — credentials in Juju secrets, as
 * postgresql-k8s does — and drops the users of relations that are gone. The leader serves:
 * replication across units is not implemented, so other units only say so.
 */
import { DatabaseProvider } from '@charmkit/interfaces';
import type { DatabaseRequest } from '@charmkit/interfaces';
import { Charm, SecretNotFoundError, active, blocked, waiting } from '@charmkit/ops';
import type { CharmEvent, Framework, Secret } from '@charmkit/ops';
import { z } from 'zod';
import { registerActions } from './actions.ts';
import { metadata } from './metadata.generated.ts';
import { newPassword } from './password.ts';
import { PostgresServer, findBinaries, serverUser } from './server.ts';
import {
  DATABASES_SQL,
  RELATION_USERS_SQL,
  createDatabaseSql,
  databaseExistsSql,
  disownSql,
  dropUserSql,
  ensureUserSql,
  grantDatabaseSql,
  nameProblem,
  operatorPasswordSql,
  relationUser,
  roleAttributes,
} from './sql.ts';

type Meta = typeof metadata;

const OPERATOR_SECRET = 'operator-password';
const READY_TIMEOUT_MS = 30_000;

const configSchema = z.object({
  port: z.number().int().min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
  'bin-dir': z.string().trim().optional(),
});

/** Why the server cannot be reached yet, as a status; or the server. */
export type ServerOrStatus =
  { readonly server: PostgresServer } | { readonly status: ReturnType<typeof waiting> };

export class PostgresqlCharm extends Charm<Meta> {
  static readonly metadata = metadata;
  readonly db: DatabaseProvider;

  constructor(framework: Framework<Meta>) {
    super(framework);
    this.db = new DatabaseProvider(this, { endpoint: 'database' });
    registerActions(this);
  }

  /** Actions do their own work; nothing to converge before install or while leaving. */
  override shouldReconcile(event: CharmEvent<Meta>): boolean {
    return !['install', 'stop', 'remove', 'action'].includes(event.kind);
  }

  override async reconcile(event: CharmEvent<Meta>): Promise<void> {
    if (!this.unit.isLeader()) {
      this.unit.addStatus(
        blocked('standby units are not implemented: only the leader runs PostgreSQL'),
      );
      return;
    }
    const found = await this.server();
    if ('status' in found) {
      this.unit.addStatus(found.status);
      return;
    }
    const { server } = found;
    const fresh = !(await server.initialised());
    if (fresh) await server.initialise();
    await server.apply();
    if (!(await server.ready(READY_TIMEOUT_MS))) {
      this.unit.addStatus(waiting('waiting for PostgreSQL to accept connections'));
      return;
    }
    await this.#operatorPassword(server, fresh);
    // On relation-broken the relation is still listed; it is served no more, its user goes.
    const broken = event.kind === 'relation-broken' ? event.relation.id : undefined;
    for (const request of this.db.requests()) {
      if (request.relationId !== broken) await this.#serve(server, request);
    }
    await this.#dropGoneUsers(server, broken);
    const { address, port, version } = server.settings;
    this.unit.setPorts([{ protocol: 'tcp', port }]);
    this.unit.setWorkloadVersion(version);
    this.unit.addStatus(active(`PostgreSQL ${version} on ${address}:${port}`));
  }

  /** The server this unit runs, or what it still waits for. Also used by the actions. */
  async server(): Promise<ServerOrStatus> {
    const config = this.loadConfig(configSchema);
    const container = this.unit.container('postgresql');
    if (!(await container.canConnect()))
      return { status: waiting('waiting for Pebble in the postgresql container') };
    const storage = this.model.storages('pgdata')[0]?.location;
    if (!storage) return { status: waiting('waiting for storage') };
    const address = this.model.bindAddress('database');
    if (!address) return { status: waiting("waiting for the unit's network address") };
    const binaries = await findBinaries(container, config['bin-dir'] || undefined);
    if (!binaries)
      return {
        status: blocked(
          config['bin-dir']
            ? `no PostgreSQL in bin-dir ${config['bin-dir']}: point it at a directory with postgres, initdb, psql and pg_dump`
            : 'PostgreSQL is not installed: install it (apt install postgresql) or set bin-dir',
        ),
      };
    const settings = {
      ...binaries,
      dataDir: `${storage}/data`,
      socketDir: `${storage}/run`,
      address,
      port: config.port,
      user: await serverUser(container),
    };
    return { server: new PostgresServer(container, settings) };
  }

  /** The operator password's secret (created by the leader on first use). */
  operatorSecret(): { secret: Secret; created: boolean } {
    try {
      return { secret: this.model.getSecret({ label: OPERATOR_SECRET }), created: false };
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
      const secret = this.app.addSecret({ password: newPassword() }, { label: OPERATOR_SECRET });
      return { secret, created: true };
    }
  }

  async #operatorPassword(server: PostgresServer, fresh: boolean): Promise<void> {
    const { secret, created } = this.operatorSecret();
    if (created || fresh)
      await server.sql(operatorPasswordSql(secret.getContent({ refresh: true }).password!));
  }

  /** The database and user one relation asked for, and the credentials published to it. */
  async #serve(server: PostgresServer, request: DatabaseRequest): Promise<void> {
    const problem = nameProblem(request.database);
    if (problem !== undefined) {
      this.unit.addStatus(blocked(`relation ${request.relationId}: database ${problem}`));
      return;
    }
    const roles = roleAttributes(request.extraUserRoles);
    if (!roles.ok) {
      this.unit.addStatus(
        blocked(
          `relation ${request.relationId}: extra-user-roles "${roles.unknown}" is not one of superuser, createdb, createrole, admin`,
        ),
      );
      return;
    }
    const user = relationUser(request.relationId);
    const password = this.#relationPassword(request.relationId);
    await server.sql(ensureUserSql(user, password, roles.attributes));
    const exists = (await server.sql(databaseExistsSql(request.database))).trim() === '1';
    await server.sql(
      exists ? grantDatabaseSql(request.database, user) : createDatabaseSql(request.database, user),
    );
    const { address, port, version } = server.settings;
    const uri = `postgresql://${user}:${encodeURIComponent(password)}@${address}:${port}/${encodeURIComponent(request.database)}`;
    this.db.publish(request.relation, {
      username: user,
      password,
      endpoints: [{ host: address, port }],
      uris: uri,
      version,
      tls: false,
      database: request.database,
    });
  }

  /** A relation user's password, kept in an application secret of its own. */
  #relationPassword(relationId: number): string {
    const label = `${relationUser(relationId)}-password`;
    try {
      return this.model.getSecret({ label }).getContent({ refresh: true }).password!;
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
      const password = newPassword();
      this.app.addSecret({ password }, { label });
      return password;
    }
  }

  /** Users of relations that are gone: what they owned goes to the operator, then they go. */
  async #dropGoneUsers(server: PostgresServer, broken: number | undefined): Promise<void> {
    const live = new Set(
      this.model
        .relations('database')
        .filter((r) => r.id !== broken)
        .map((r) => relationUser(r.id)),
    );
    const users = (await server.sql(RELATION_USERS_SQL)).split('\n').filter(Boolean);
    const gone = users.filter((u) => !live.has(u));
    if (gone.length === 0) return;
    const databases = (await server.sql(DATABASES_SQL)).split('\n').filter(Boolean);
    for (const user of gone) {
      for (const database of databases) await server.sql(disownSql(user), database);
      await server.sql(dropUserSql(user));
      try {
        this.model.getSecret({ label: `${user}-password` }).removeAllRevisions();
      } catch (error) {
        if (!(error instanceof SecretNotFoundError)) throw error;
      }
      this.logger.info(`dropped ${user}: its relation is gone`);
    }
  }
}
