// Creates the demo's table; run once per release by the charm (`npm run migrate`).
import pg from 'pg';

const client = new pg.Client({
  connectionString: process.env.DATABASE_URL ?? process.env.POSTGRESQL_DB_CONNECT_STRING,
});
await client.connect();
await client.query(`CREATE TABLE IF NOT EXISTS names (
  id serial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`);
await client.end();
console.log('migrated: table names is ready');
