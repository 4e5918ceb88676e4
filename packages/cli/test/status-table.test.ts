/**
 * The tabular `status`: juju's sections, integrations (provider first) only when asked for,
 * and colour only when asked for (the CLI asks on a terminal without NO_COLOR or --no-color).
 */
import { describe, expect, it } from 'vitest';
import { statusTable } from '../src/format/status-table.ts';

const unit = (current: string, agent = 'idle') => ({
  'workload-status': { current, message: current === 'blocked' ? 'need db' : '' },
  'juju-status': { current: agent },
  address: '10.1.0.2',
});

const STATUS = {
  model: {
    name: 'dev',
    controller: 'charmkit',
    cloud: 'localhost',
    region: 'localhost',
    version: '3.6.14',
  },
  controller: { timestamp: '09:00:00Z' },
  applications: {
    web: {
      'charm-name': 'web',
      'charm-rev': 3,
      scale: 1,
      'application-status': { current: 'blocked', message: 'need db' },
      relations: {
        db: [{ 'related-application': 'pg', interface: 'postgresql_client', scope: 'global' }],
      },
      units: { 'web/0': { ...unit('blocked'), leader: true } },
    },
    pg: {
      'charm-name': 'postgresql',
      'charm-rev': 1,
      scale: 1,
      'application-status': { current: 'active' },
      relations: {
        database: [
          { 'related-application': 'web', interface: 'postgresql_client', scope: 'global' },
        ],
      },
      units: { 'pg/0': unit('active', 'executing') },
    },
  },
};

describe('statusTable', () => {
  it('prints juju’s default sections, without integrations', () => {
    const text = statusTable(STATUS);
    expect(text).toMatch(/^Model +Controller +Cloud\/Region +Version/);
    expect(text).toMatch(/^web\/0\* +blocked +idle +10\.1\.0\.2 +need db$/m);
    expect(text).not.toContain('Integration provider');
    expect(text).not.toContain('\x1b[');
  });

  it('prints the integrations section, provider first, when given the rows', () => {
    const text = statusTable(STATUS, {
      integrations: [
        {
          id: 0,
          provider: 'pg:database',
          requirer: 'web:db',
          interface: 'postgresql_client',
          type: 'regular',
        },
        { id: 1, provider: 'pg:peers', requirer: 'pg:peers', interface: 'pg_peers', type: 'peer' },
      ],
    });
    expect(text).toMatch(/^Integration provider +Requirer +Interface +Type +Message\n/m);
    expect(text).toMatch(/^pg:database +web:db +postgresql_client +regular *$/m);
    expect(text).toMatch(/^pg:peers +pg:peers +pg_peers +peer *$/m);
  });

  it('colours statuses only when asked', () => {
    const text = statusTable(STATUS, { colour: true });
    expect(text).toContain('\x1b[31mblocked');
    expect(text).toContain('\x1b[32mactive');
    expect(text).toContain('\x1b[33mexecuting');
    // Colour codes do not change the alignment of the plain text.
    const plain = text.replace(/\x1b\[\d+m/g, '');
    expect(plain).toBe(statusTable(STATUS));
  });
});
