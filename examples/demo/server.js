// The demo app: stores and lists names in PostgreSQL. Started by `npm start` under the
// charm, which provides PORT and DATABASE_URL (and POSTGRESQL_DB_CONNECT_STRING).
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL ?? process.env.POSTGRESQL_DB_CONNECT_STRING,
  max: 5,
});
const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: false }));

app.get('/health', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    res.json({ status: 'ok' });
  } catch (error) {
    res.status(503).json({ status: 'database unavailable', error: error.message });
  }
});

app.get('/', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT name FROM names ORDER BY id');
    const names = rows.map((r) => r.name);
    if (req.accepts(['json', 'html']) === 'json') return res.json({ names });
    const items = names.map(
      (n) => `<li>${n.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</li>`,
    );
    res
      .type('html')
      .send(
        `<!doctype html><title>Names</title><h1>Names</h1><ul>${items.join('')}</ul>` +
          '<form method="post" action="names"><input name="name" required> <button>Add</button></form>',
      );
  } catch (error) {
    next(error);
  }
});

app.post('/names', async (req, res, next) => {
  const name = typeof req.body?.name === 'string' ? req.body.name.trim() : '';
  if (!name || name.length > 200)
    return res.status(400).json({ error: 'name: 1 to 200 characters' });
  try {
    await pool.query('INSERT INTO names (name) VALUES ($1)', [name]);
    if (req.accepts(['json', 'html']) === 'json') return res.status(201).json({ name });
    res.redirect(303, './');
  } catch (error) {
    next(error);
  }
});

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, () => console.log(`demo listening on port ${port}`));
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
