// The demo's worker process (`npm run names-worker`, on every unit): logs how many names
// there are, every 30 seconds.
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL ?? process.env.POSTGRESQL_DB_CONNECT_STRING,
  max: 1,
});
async function tick() {
  try {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM names');
    console.log(`names-worker: ${rows[0].n} names`);
  } catch (error) {
    console.error(`names-worker: ${error.message}`);
  }
}
await tick();
const timer = setInterval(tick, 30_000);
process.on('SIGTERM', () => {
  clearInterval(timer);
  void pool.end().then(() => process.exit(0));
});
