/**
 * @module The operator's actions: `get-password` and `set-password` for the operator user,
 * and `create-backup`, a logical backup with pg_dump to a file on the unit.
 */
import type { PostgresqlCharm } from './charm.ts';
import { newPassword } from './password.ts';
import type { PostgresServer } from './server.ts';
import { OPERATOR } from './server.ts';
import { databaseExistsSql, nameProblem, operatorPasswordSql } from './sql.ts';

/** What the helpers need of an action. */
interface Failable {
  fail(message: string): void;
}

/** Fails the action unless it runs on the leader with its server up; else the server. */
async function leaderServer(
  charm: PostgresqlCharm,
  action: Failable,
): Promise<PostgresServer | undefined> {
  if (!charm.unit.isLeader()) {
    action.fail('run this action on the leader unit: it is the one running PostgreSQL');
    return undefined;
  }
  const found = await charm.server();
  if ('status' in found) {
    action.fail(`PostgreSQL is not running: ${found.status.message}`);
    return undefined;
  }
  return found.server;
}

function onlyOperator(action: Failable, username: string): boolean {
  if (username === OPERATOR) return true;
  action.fail(
    `unknown user "${username}": only "${OPERATOR}" is managed by actions (relation users' passwords are in their relation's secret)`,
  );
  return false;
}

export function registerActions(charm: PostgresqlCharm): void {
  charm.onAction('get-password', (action) => {
    if (!onlyOperator(action, action.params.username)) return;
    if (!charm.unit.isLeader()) {
      action.fail('run this action on the leader unit');
      return;
    }
    const { secret } = charm.operatorSecret();
    action.setResults({ password: secret.getContent({ refresh: true }).password ?? '' });
  });

  charm.onAction('set-password', async (action) => {
    if (!onlyOperator(action, action.params.username)) return;
    const server = await leaderServer(charm, action);
    if (!server) return;
    const password = action.params.password || newPassword();
    await server.sql(operatorPasswordSql(password));
    charm.operatorSecret().secret.setContent({ password });
    action.setResults({ password });
  });

  charm.onAction('create-backup', async (action) => {
    const { database } = action.params;
    const problem = nameProblem(database);
    if (problem !== undefined) {
      action.fail(`database ${problem}`);
      return;
    }
    const server = await leaderServer(charm, action);
    if (!server) return;
    const exists = await server.sql(databaseExistsSql(database));
    if (exists.trim() !== '1') {
      action.fail(`database "${database}" does not exist`);
      return;
    }
    const stamp = new Date()
      .toISOString()
      .replaceAll(':', '')
      .replace(/\.\d+Z$/, 'Z');
    const storage = server.settings.dataDir.slice(0, server.settings.dataDir.lastIndexOf('/'));
    const path = action.params.path || `${storage}/backups/${database}-${stamp}.sql`;
    if (!path.startsWith('/')) {
      action.fail(`path "${path}" must be absolute`);
      return;
    }
    action.log(`dumping ${database} to ${path}`);
    const size = await server.dump(database, path);
    action.setResults({ path, size: String(size) });
  });
}
