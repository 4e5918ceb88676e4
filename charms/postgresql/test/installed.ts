/**
 * @module Whether PostgreSQL's binaries are installed (Debian's layout), and whether the
 * tests that need them must run: CI sets CHARMKIT_REQUIRE_POSTGRES=1, so that a missing
 * install fails there instead of skipping.
 */
import { existsSync, readdirSync } from 'node:fs';

export const postgresInstalled =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) =>
    existsSync(`/usr/lib/postgresql/${v}/bin/postgres`),
  );

export const postgresRequired = process.env.CHARMKIT_REQUIRE_POSTGRES === '1';
