/** @module Juju's cmd.Output formatters: json (Go encoding/json), yaml (yaml.v2), smart. */
import { describe, expect, it } from 'vitest';
import { formatOutput, goStruct } from '../../src/hooktools/index.ts';
import type { OutputFormat } from '../../src/hooktools/index.ts';

const ROWS: [OutputFormat, unknown, string][] = [
  ['json', { b: 1, a: 'x' }, '{"a":"x","b":1}\n'],
  ['json', ['db:3', 'db:4'], '["db:3","db:4"]\n'],
  ['json', 'remote', '"remote"\n'],
  ['json', true, 'true\n'],
  ['json', null, 'null\n'],
  ['json', '<a&b>', '"\\u003ca\\u0026b\\u003e"\n'],
  [
    'json',
    goStruct({ revision: 1, label: '', owner: 'application' }),
    '{"revision":1,"label":"","owner":"application"}\n',
  ],
  ['json', new Date('2025-01-01T00:00:00.500Z'), '"2025-01-01T00:00:00.5Z"\n'],
  ['smart', 'hello', 'hello\n'],
  ['smart', '', ''],
  ['smart', null, ''],
  ['smart', true, 'True\n'],
  ['smart', false, 'False\n'],
  ['smart', ['a/0', 'a/1'], 'a/0\na/1\n'],
  ['smart', [], ''],
  ['smart', 3, '3\n'],
  ['smart', { kind: 'filesystem', location: '/srv' }, 'kind: filesystem\nlocation: /srv\n'],
  ['yaml', null, ''],
  ['yaml', {}, '{}\n'],
  ['yaml', [], '[]\n'],
  ['yaml', 'plain', 'plain\n'],
  ['yaml', { username: 'bob', password: '12345' }, 'password: "12345"\nusername: bob\n'],
  [
    'yaml',
    { a: 'true', b: '', c: '1.5', d: 'null', e: '~', f: '2025-01-01', g: 'yes' },
    'a: "true"\nb: ""\nc: "1.5"\nd: "null"\ne: "~"\nf: "2025-01-01"\ng: "yes"\n',
  ],
  [
    'yaml',
    { a: 'x: y', b: '- item', c: '#hash', d: ' lead', e: "it's" },
    "a: 'x: y'\nb: '- item'\nc: '#hash'\nd: ' lead'\ne: it's\n",
  ],
  ['yaml', { a: 'tab\there' }, 'a: "tab\\there"\n'],
  ['yaml', { a: 'l1\nl2' }, 'a: |-\n  l1\n  l2\n'],
  ['yaml', { a: 'l1\nl2\n' }, 'a: |\n  l1\n  l2\n'],
  ['yaml', { a: 'l1\n\nl2' }, 'a: |-\n  l1\n\n  l2\n'],
  ['yaml', { a: 'trailing \nspace' }, 'a: "trailing \\nspace"\n'],
  [
    'yaml',
    { n: 1, f: 1.5, big: 1234567.5, t: true, z: null },
    'big: 1.2345675e+06\nf: 1.5\n"n": 1\nt: true\nz: null\n',
  ],
  ['yaml', { list: ['a', 'b'], map: { x: 1 } }, 'list:\n- a\n- b\nmap:\n  x: 1\n'],
  ['yaml', [{ a: 1, b: 2 }, ['x', 'y']], '- a: 1\n  b: 2\n- - x\n  - "y"\n'],
  ['yaml', { key10: 1, key9: 2, Key: 3, _k: 4 }, '_k: 4\nKey: 3\nkey9: 2\nkey10: 1\n'],
  [
    'yaml',
    {
      'application-status': {
        message: '',
        status: 'active',
        'status-data': {},
        units: { 'u/0': { message: 'm', status: 'waiting', 'status-data': {} } },
      },
    },
    'application-status:\n  message: ""\n  status: active\n  status-data: {}\n  units:\n    u/0:\n      message: m\n      status: waiting\n      status-data: {}\n',
  ],
];

describe('formatOutput', () => {
  it.each(ROWS)('%s %j', (format, value, expected) => {
    expect(formatOutput(format, value)).toBe(expected);
  });

  it('folds long plain strings at column 80 like yaml.v2', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const out = formatOutput('yaml', { k: words });
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]?.startsWith('  word')).toBe(true);
    expect(out.replace(/\n {2}/g, ' ')).toBe(`k: ${words}\n`);
  });
});
