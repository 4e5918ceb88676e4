/** Names from remote databags never reach SQL unvalidated or unquoted. */
import { describe, expect, it } from 'vitest';
import {
  createDatabaseSql,
  ensureUserSql,
  ident,
  literal,
  nameProblem,
  roleAttributes,
} from '../src/sql.ts';

describe('sql', () => {
  it('accepts PostgreSQL-style names and rejects anything else, saying why', () => {
    for (const name of ['shop', 'my_app', 'app-db', '_x', 'a'.repeat(63)])
      expect(nameProblem(name)).toBeUndefined();
    for (const name of ['', 'x;drop', 'a b', '1abc', '"q"', "o'brien", 'a'.repeat(64)])
      expect(nameProblem(name)).toContain('is not a valid name');
  });

  it('quotes identifiers and literals by doubling their quotes', () => {
    expect(ident('we"ird')).toBe('"we""ird"');
    expect(literal("it's")).toBe("'it''s'");
    expect(createDatabaseSql('shop', 'relation_id_3')).toBe(
      'CREATE DATABASE "shop" OWNER "relation_id_3"',
    );
  });

  it('creates or updates a user idempotently, with its password as a literal', () => {
    const sql = ensureUserSql('relation_id_3', "p'w", ['CREATEDB']);
    expect(sql).toContain("IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'relation_id_3')");
    expect(sql).toContain(`ALTER ROLE "relation_id_3" WITH LOGIN CREATEDB PASSWORD 'p''w'`);
    expect(sql).toContain(`CREATE ROLE "relation_id_3" WITH LOGIN CREATEDB PASSWORD 'p''w'`);
  });

  it('maps extra-user-roles to role attributes as postgresql-k8s does, refusing unknown ones', () => {
    expect(roleAttributes(undefined)).toEqual({ ok: true, attributes: [] });
    expect(roleAttributes('admin, CREATEDB')).toEqual({
      ok: true,
      attributes: ['CREATEDB', 'CREATEROLE'],
    });
    expect(roleAttributes('superuser')).toEqual({ ok: true, attributes: ['SUPERUSER'] });
    expect(roleAttributes('createdb,pg_read_all_data')).toEqual({
      ok: false,
      unknown: 'pg_read_all_data',
    });
  });
});
