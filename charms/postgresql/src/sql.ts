/**
 * @module SQL the charm sends to its server, built from names that come from remote databags:
 * every name is validated first, then quoted (identifiers in double quotes, literals in single
 * quotes, each doubled inside), so a databag can never inject SQL.
 */

/** Database and user names a requirer may ask for: PostgreSQL's 63-byte identifiers. */
const NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/** Role attributes `extra-user-roles` may grant, and what postgresql-k8s's `admin` means. */
const ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  superuser: ['SUPERUSER'],
  createdb: ['CREATEDB'],
  createrole: ['CREATEROLE'],
  admin: ['CREATEDB', 'CREATEROLE'],
};

/** Why `name` cannot be a database or user name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  return NAME.test(name)
    ? undefined
    : `"${name}" is not a valid name: use 1 to 63 letters, digits, "_", "$" or "-", starting with a letter or "_"`;
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The role attributes of an `extra-user-roles` list (`"CREATEDB,admin"`), or the first entry
 * that is not one.
 */
export function roleAttributes(
  extra: string | undefined,
): { ok: true; attributes: string[] } | { ok: false; unknown: string } {
  const attributes = new Set<string>();
  for (const entry of (extra ?? '').split(',').map((e) => e.trim().toLowerCase())) {
    if (entry === '') continue;
    const granted = ATTRIBUTES[entry];
    if (!granted) return { ok: false, unknown: entry };
    for (const a of granted) attributes.add(a);
  }
  return { ok: true, attributes: [...attributes] };
}

/** Creates `user` (or resets its password and attributes) idempotently. */
export function ensureUserSql(user: string, password: string, attributes: string[]): string {
  const options = ['LOGIN', ...attributes, `PASSWORD ${literal(password)}`].join(' ');
  return `DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(user)}) THEN
    ALTER ROLE ${ident(user)} WITH ${options};
  ELSE
    CREATE ROLE ${ident(user)} WITH ${options};
  END IF;
END $$;`;
}

/** Whether a database exists: `SELECT 1` or nothing. */
export function databaseExistsSql(database: string): string {
  return `SELECT 1 FROM pg_database WHERE datname = ${literal(database)}`;
}

/** Creates `database` owned by `user` (run only when it does not exist). */
export function createDatabaseSql(database: string, user: string): string {
  return `CREATE DATABASE ${ident(database)} OWNER ${ident(user)}`;
}

/** Gives `user` everything on an existing `database` (a second requirer of the same name). */
export function grantDatabaseSql(database: string, user: string): string {
  return `GRANT ALL PRIVILEGES ON DATABASE ${ident(database)} TO ${ident(user)}`;
}

/** The charm's relation users (`relation_id_<n>`) present in the server. */
export const RELATION_USERS_SQL = `SELECT rolname FROM pg_roles WHERE rolname ~ '^relation_id_[0-9]+$' ORDER BY rolname`;

/** Databases to visit when dropping a user: every one that accepts connections. */
export const DATABASES_SQL = `SELECT datname FROM pg_database WHERE datallowconn ORDER BY datname`;

/**
 * Hands what `user` owns in the current database (and its databases) to the operator and
 * revokes its privileges there: run in every database before {@link dropUserSql}, so data
 * outlives the relation, as with postgresql-k8s.
 */
export function disownSql(user: string): string {
  return `REASSIGN OWNED BY ${ident(user)} TO operator; DROP OWNED BY ${ident(user)};`;
}

export function dropUserSql(user: string): string {
  return `DROP ROLE IF EXISTS ${ident(user)}`;
}

/** The operator's password. */
export function operatorPasswordSql(password: string): string {
  return `ALTER ROLE operator WITH PASSWORD ${literal(password)}`;
}

/** The user a relation gets, as postgresql-k8s names it. */
export function relationUser(relationId: number): string {
  return `relation_id_${relationId}`;
}
