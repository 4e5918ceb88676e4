/** @module The PostgreSQL charm's entry point (bundled by esbuild at deploy). */
import { runCharm } from '@charmkit/ops';
import { PostgresqlCharm } from './charm.ts';

await runCharm(PostgresqlCharm);
