/**
 * The charm in memory (MemoryPebble answers the commands it runs): what it waits for and
 * why it blocks, before any real server is involved. The real server is in e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Context, container, network, state, storage } from '@charmkit/testing';
import type { ExecResponse } from '@charmkit/testing';
import { PostgresqlCharm } from '../src/charm.ts';

const FIND = ['sh', '-c', 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1'];
const installed: ExecResponse[] = [
  { command: FIND, stdout: '/usr/lib/postgresql/16/bin\n' },
  {
    command: ['/usr/lib/postgresql/16/bin/postgres', '--version'],
    stdout: 'postgres (PostgreSQL) 16.9\n',
  },
];
const base = {
  leader: true,
  networks: [network('database', { address: '127.9.0.2' })],
  storages: [storage('pgdata', { location: '/srv/pgdata' })],
};

describe('postgresql charm (in memory)', () => {
  it('blocks with what to install when PostgreSQL is missing', async () => {
    const ctx = new Context(PostgresqlCharm);
    const pg = container('postgresql', { execs: [{ command: FIND, stdout: '' }] });
    const out = await ctx.run(ctx.on.configChanged(), state({ ...base, containers: [pg] }));
    expect(out.unitStatus).toEqual({
      name: 'blocked',
      message: 'PostgreSQL is not installed: install it (apt install postgresql) or set bin-dir',
    });
  });

  it('waits for Pebble, then for storage', async () => {
    const ctx = new Context(PostgresqlCharm);
    const down = container('postgresql', { canConnect: false });
    let out = await ctx.run(ctx.on.configChanged(), state({ ...base, containers: [down] }));
    expect(out.unitStatus.message).toBe('waiting for Pebble in the postgresql container');
    const up = container('postgresql', { execs: installed });
    out = await ctx.run(ctx.on.configChanged(), state({ ...base, storages: [], containers: [up] }));
    expect(out.unitStatus).toEqual({ name: 'waiting', message: 'waiting for storage' });
  });

  it('says standby units are not implemented on a non-leader', async () => {
    const ctx = new Context(PostgresqlCharm);
    const out = await ctx.run(
      ctx.on.configChanged(),
      state({ ...base, leader: false, containers: [container('postgresql')] }),
    );
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toContain('only the leader runs PostgreSQL');
  });

  it('refuses a port out of range, naming the option', async () => {
    const ctx = new Context(PostgresqlCharm);
    const out = await ctx.run(
      ctx.on.configChanged(),
      state({ ...base, config: { port: 70000 }, containers: [container('postgresql')] }),
    );
    expect(out.unitStatus.name).toBe('blocked');
    expect(out.unitStatus.message).toContain('port');
  });
});
