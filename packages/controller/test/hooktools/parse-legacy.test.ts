/** @module Older ops argv forms (ops-protocol.md §2.5) and the verified transcripts (§2.6). */
import { describe, expect, it } from 'vitest';
import { parseToolCall } from '../../src/hooktools/index.ts';
import type { ToolCall, ToolEnv } from '../../src/hooktools/index.ts';
import { SECRET, env, relationHook } from './helpers.ts';

type Row = [tool: string, argv: string[], expected: Record<string, unknown>, ctx?: ToolEnv];

const LEGACY: Row[] = [
  // ops ≤ 3.3: --format=json last, bare ids
  [
    'relation-get',
    ['-r', '3', '-', 'app/0', '--app', '--format=json'],
    { relationId: 3, target: 'app', app: true, format: 'json' },
  ],
  [
    'relation-get',
    ['-r', '3', '-', 'remote/0', '--format=json'],
    { target: 'remote/0', app: false },
  ],
  [
    'relation-list',
    ['-r', '3', '--app', '--format=json'],
    { relationId: 3, app: true, format: 'json' },
  ],
  ['relation-list', ['-r', '3', '--format=json'], { relationId: 3, app: false }],
  ['relation-ids', ['db', '--format=json'], { endpoint: 'db' }],
  [
    'status-set',
    ['--application=False', 'active', 'all good'],
    { message: 'all good', application: false },
  ],
  [
    'status-get',
    ['--include-data', '--application=False', '--format=json'],
    { application: false, includeData: true },
  ],
  ['action-log', ['a message'], { message: 'a message' }],
  ['action-fail', ['boom'], { message: 'boom' }],
  ['opened-ports', [], { format: 'smart', endpoints: false }],
  [
    'network-get',
    ['db', '-r', '3', '--format=json'],
    { binding: 'db', relation: { relationId: 3, relationRaw: '3', relationFlag: '-r' } },
  ],
  [
    'storage-get',
    ['-s', 'data/0', 'location', '--format=json'],
    { storageId: 'data/0', key: 'location' },
  ],
  [
    'secret-add',
    ['--expire', '2025-01-01T06:06:06.500000', 'aaa=1'],
    { owner: 'application', expire: new Date('2025-01-01T06:06:06.500Z') },
  ],
  [
    'secret-grant',
    [SECRET, '--relation', '3', '--unit', 'remote/0'],
    { relationId: 3, unit: 'remote/0' },
  ],
  [
    'secret-revoke',
    [SECRET, '--relation', '3'],
    { relation: { relationId: 3, relationRaw: '3', relationFlag: '--relation' } },
  ],
  // ops 3.4 – 3.7.0
  [
    'relation-get',
    ['--format=json', '-r', '3', '--app', '-', 'remote'],
    { target: 'remote', app: true },
  ],
  ['relation-list', ['--format=json', '--app', '-r', '3'], { app: true, relationId: 3 }],
  // spellings of Go booleans and option forms
  ['status-get', ['--application=1'], { application: true }],
  ['status-get', ['--application=t'], { application: true }],
  ['status-get', ['--application=F'], { application: false }],
  ['status-get', ['--application=TRUE'], { application: true }],
  [
    'relation-list',
    ['--relation=db:3'],
    { relationId: 3, relationEndpoint: 'db', relationRaw: 'db:3', relationFlag: '--relation' },
  ],
  ['relation-list', ['-rdb:3'], { relationId: 3, relationEndpoint: 'db' }],
  ['relation-list', ['--relation', '7'], { relationId: 7, relationRaw: '7' }],
  ['relation-list', ['--format', 'yaml'], { format: 'yaml', relationId: 3 }, relationHook()],
  ['juju-log', ['-l', 'DEBUG', 'hi'], { level: 'DEBUG', message: 'hi' }],
  ['juju-log', ['--debug', '--', ''], { debug: true, message: '' }],
  ['config-get', ['-a'], { all: true }],
  ['open-port', ['80/tcp', '--format', 'json'], { fromPort: 80, deprecatedFormat: 'json' }],
];

describe('parseToolCall: older ops forms (§2.5)', () => {
  it.each(LEGACY)('%s %j', (tool, argv, expected, ctx) => {
    expect(parseToolCall(tool, argv, ctx ?? env())).toMatchObject({ tool, ...expected });
  });

  it('relation-set stdin as yaml.safe_dump output (ops < 3.4)', () => {
    const input = "a: '123'\nb: 'yes'\nc: some text\nd: ''\n";
    const call = parseToolCall('relation-set', ['-r', '3', '--file', '-'], env({ input }));
    expect(call).toMatchObject({
      settings: { a: '123', b: 'yes', c: 'some text', d: '' },
      relationId: 3,
    });
  });
});

/** §2.6 transcripts; the secret id is a valid 20-character xid (the spec's example has 22). */
const TRANSCRIPT: [string, string[], Record<string, unknown>, (ToolEnv | undefined)?][] = [
  ['application-version-set', ['--', '1.2.3'], { version: '1.2.3' }],
  ['open-port', ['8080/tcp'], { protocol: 'tcp', fromPort: 8080, toPort: 8080 }],
  ['is-leader', ['--format=json'], { format: 'json' }],
  [
    'status-set',
    ['--application=True', 'active', '--', ''],
    { status: 'active', message: '', application: true },
  ],
  [
    'status-set',
    ['--application=False', 'waiting', '--', 'w'],
    { status: 'waiting', message: 'w', application: false },
  ],
  ['config-get', ['--format=json'], { all: false }],
  ['relation-ids', ['db', '--format=json'], { endpoint: 'db' }, relationHook()],
  ['relation-list', ['--format=json', '-r', 'db:3'], { relationId: 3 }, relationHook()],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '-', 'remote/0'],
    { target: 'remote/0' },
    relationHook(),
  ],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '-', 'demo/0'],
    { target: 'demo/0' },
    relationHook(),
  ],
  [
    'relation-set',
    ['-r', 'db:3', '--file', '-'],
    { settings: { seen: '10.0.0.9' }, app: false },
    relationHook({ input: '{"seen": "10.0.0.9"}' }),
  ],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '--app', '-', 'demo'],
    { target: 'demo', app: true },
    relationHook(),
  ],
  [
    'relation-set',
    ['-r', 'db:3', '--app', '--file', '-'],
    { settings: { token: 'abc' }, app: true },
    relationHook({ input: '{"token": "abc"}' }),
  ],
  [
    'secret-add',
    ['--label', 'dbpw', '--owner', 'application', 'password#file=/tmp/d/password'],
    { label: 'dbpw', owner: 'application', contentBase64: { password: 'aHVudGVyMg==' } },
    relationHook({ files: { '/tmp/d/password': 'hunter2' } }),
  ],
  ['secret-grant', ['--relation', '3', SECRET], { relationId: 3 }, relationHook()],
  [
    'relation-set',
    ['-r', 'db:3', '--app', '--file', '-'],
    { settings: { secret: SECRET } },
    relationHook({ input: `{"secret": "${SECRET}"}` }),
  ],
  ['action-get', ['--format=json'], { keys: [] }],
  ['action-log', ['--', 'working'], { message: 'working' }],
  [
    'action-set',
    ['out.a=1', 'out.b=True', 'x=hello'],
    {
      results: [
        { path: ['out', 'a'], value: '1' },
        { path: ['out', 'b'], value: 'True' },
        { path: ['x'], value: 'hello' },
      ],
    },
  ],
  [
    'secret-get',
    ['--format=json', SECRET, '--label', 'dbpw', '--refresh'],
    { label: 'dbpw', refresh: true },
  ],
  ['storage-list', ['--format=json', 'data'], { name: 'data' }, env({ storageId: 'data/0' })],
  [
    'storage-get',
    ['--format=json', '-s', 'data/0'],
    { storageId: 'data/0' },
    env({ storageId: 'data/0' }),
  ],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '-', 'remote/1'],
    { target: 'remote/1' },
    relationHook({ remoteUnit: 'remote/1' }),
  ],
  [
    'relation-list',
    ['--format=json', '-r', 'db:3'],
    { relationId: 3 },
    env({ relationId: 'db:3', remoteApp: 'remote' }),
  ],
  [
    'state-set',
    ['--file', '-'],
    {
      values: {
        '#notices#': "- !!python/tuple ['Demo/on/config_changed[6]', Demo, _on_config_changed]\n",
      },
    },
    env({
      input:
        '"#notices#": |\n  - !!python/tuple [\'Demo/on/config_changed[6]\', Demo, _on_config_changed]\n',
    }),
  ],
];

describe('parseToolCall: §2.6 transcripts', () => {
  it.each(TRANSCRIPT)('%s %j', (tool, argv, expected, ctx) => {
    const call: ToolCall = parseToolCall(tool, argv, ctx ?? env());
    expect(call).toMatchObject({ tool, ...expected });
  });
});

describe('defaults from the hook context', () => {
  it('relation-get/-list/-set take -r from JUJU_RELATION_ID and the unit from JUJU_REMOTE_UNIT', () => {
    expect(parseToolCall('relation-get', [], relationHook())).toMatchObject({
      relationId: 3,
      relationEndpoint: 'db',
      relationRaw: 'db:3',
      target: 'remote/0',
      app: false,
    });
    expect(parseToolCall('relation-get', ['key'], relationHook())).toMatchObject({
      key: 'key',
      target: 'remote/0',
    });
    expect(parseToolCall('relation-list', [], relationHook())).toMatchObject({ relationId: 3 });
    expect(parseToolCall('relation-set', ['a=b'], relationHook())).toMatchObject({
      relationId: 3,
      settings: { a: 'b' },
    });
    expect(parseToolCall('relation-ids', [], relationHook())).toMatchObject({ endpoint: 'db' });
  });

  it('relation-get in relation-broken (no remote unit) reads the remote app bag', () => {
    expect(
      parseToolCall('relation-get', [], env({ relationId: 'db:3', remoteApp: 'remote' })),
    ).toMatchObject({ target: 'remote', app: true });
  });

  it('relation-get --app with a unit name targets its application', () => {
    expect(
      parseToolCall('relation-get', ['-r', '3', '--app', '-', 'remote/0'], env()),
    ).toMatchObject({ target: 'remote', app: true });
  });

  it('-r overrides the hook relation; network-get defaults to it', () => {
    expect(parseToolCall('relation-list', ['-r', 'cache:9'], relationHook())).toMatchObject({
      relationId: 9,
      relationEndpoint: 'cache',
    });
    expect(parseToolCall('network-get', ['db'], relationHook())).toMatchObject({
      relation: { relationId: 3, relationRaw: 'db:3' },
    });
  });

  it('storage-get -s defaults to JUJU_STORAGE_ID', () => {
    expect(parseToolCall('storage-get', ['location'], env({ storageId: 'data/1' }))).toMatchObject({
      storageId: 'data/1',
      key: 'location',
    });
  });

  it('secret-grant takes the relation from the hook', () => {
    expect(parseToolCall('secret-grant', [SECRET], relationHook())).toMatchObject({
      relationId: 3,
    });
  });
});
