/** @module Every argv form ops ≥ 3.7.1 sends (ops-protocol.md §2.3), resolved to ToolCalls. */
import { describe, expect, it } from 'vitest';
import { parseToolCall } from '../../src/hooktools/index.ts';
import type { ToolCall, ToolEnv } from '../../src/hooktools/index.ts';
import { NOW, SECRET, env, relationHook } from './helpers.ts';

type Row = [
  tool: string,
  argv: string[],
  expected: Partial<ToolCall> & Record<string, unknown>,
  ctx?: ToolEnv,
];

const ROWS: Row[] = [
  [
    'relation-ids',
    ['db', '--format=json'],
    { tool: 'relation-ids', endpoint: 'db', format: 'json' },
  ],
  [
    'relation-list',
    ['--format=json', '-r', 'db:3'],
    { relationId: 3, relationEndpoint: 'db', app: false, format: 'json' },
  ],
  ['relation-list', ['--format=json', '--app', '-r', 'db:3'], { relationId: 3, app: true }],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '-', 'remote/0'],
    { relationId: 3, relationEndpoint: 'db', target: 'remote/0', app: false, format: 'json' },
  ],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '--app', '-', 'demo'],
    { target: 'demo', app: true },
  ],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', 'key', 'remote/0'],
    { key: 'key', target: 'remote/0' },
  ],
  [
    'relation-get',
    ['--format=json', '-r', 'db:3', '--app', 'key'],
    { key: 'key', target: 'remote', app: true },
    relationHook(),
  ],
  [
    'relation-model-get',
    ['--format=json', '-r', 'db:3'],
    { tool: 'relation-model-get', relationId: 3, format: 'json' },
  ],
  ['config-get', ['--format=json'], { tool: 'config-get', all: false, format: 'json' }],
  ['config-get', ['--format=json', 'port'], { key: 'port' }],
  ['is-leader', ['--format=json'], { tool: 'is-leader', format: 'json' }],
  ['resource-get', ['software'], { tool: 'resource-get', name: 'software' }],
  [
    'status-get',
    ['--include-data', '--format=json', '--application=false'],
    { includeData: true, application: false, format: 'json' },
  ],
  [
    'status-get',
    ['--include-data', '--format=json', '--application=true'],
    { includeData: true, application: true },
  ],
  [
    'status-set',
    ['--application=False', 'blocked', '--', 'need db'],
    { status: 'blocked', message: 'need db', application: false },
  ],
  [
    'status-set',
    ['--application=True', 'active', '--', ''],
    { status: 'active', message: '', application: true },
  ],
  [
    'status-set',
    ['--application=False', 'maintenance', '--', '-starts with dash'],
    { message: '-starts with dash' },
  ],
  [
    'storage-list',
    ['--format=json', 'data'],
    { tool: 'storage-list', name: 'data', format: 'json' },
  ],
  ['storage-list', ['--format=json'], { tool: 'storage-list', format: 'json' }],
  [
    'storage-get',
    ['--format=json', '-s', 'data/0'],
    { tool: 'storage-get', storageId: 'data/0', format: 'json' },
  ],
  ['storage-add', ['data=2', 'logs'], { tool: 'storage-add', counts: { data: 2, logs: 1 } }],
  ['action-get', ['--format=json'], { tool: 'action-get', keys: [], format: 'json' }],
  ['action-get', ['--format=json', 'a.b'], { keys: ['a', 'b'] }],
  [
    'action-set',
    ['out.a=1', 'out.b=True', 'x=hello', 'y=a=b'],
    {
      results: [
        { path: ['out', 'a'], value: '1' },
        { path: ['out', 'b'], value: 'True' },
        { path: ['x'], value: 'hello' },
        { path: ['y'], value: 'a=b' },
      ],
    },
  ],
  ['action-log', ['--', 'working'], { tool: 'action-log', message: 'working' }],
  ['action-fail', ['--', ''], { tool: 'action-fail', message: '' }],
  ['action-fail', [], { message: 'action failed without reason given, check action for errors' }],
  [
    'application-version-set',
    ['--', '1.2.3'],
    { tool: 'application-version-set', version: '1.2.3' },
  ],
  [
    'juju-log',
    ['--log-level', 'WARNING', '--', '-msg starting with dash'],
    { message: '-msg starting with dash', level: 'WARNING', debug: false },
  ],
  [
    'juju-log',
    ['--log-level', 'TRACE', '--', '{"type":"security"}'],
    { level: 'TRACE', message: '{"type":"security"}' },
  ],
  ['juju-log', ['hello', 'world'], { level: 'INFO', message: 'hello world' }],
  ['network-get', ['--format=json', 'db'], { binding: 'db', format: 'json' }],
  [
    'network-get',
    ['--format=json', '-r', '3', 'db'],
    { binding: 'db', relation: { relationId: 3, relationRaw: '3', relationFlag: '-r' } },
  ],
  [
    'add-metric',
    ['--labels', 'a=b,c=d', 'k=1'],
    { metrics: [{ key: 'k', value: '1' }], labels: { a: 'b', c: 'd' } },
  ],
  ['goal-state', ['--format=json'], { tool: 'goal-state', format: 'json' }],
  [
    'secret-get',
    ['--format=json', SECRET, '--label', 'dbpw', '--refresh'],
    {
      uri: { id: SECRET.slice(7), raw: SECRET },
      label: 'dbpw',
      refresh: true,
      peek: false,
      format: 'json',
    },
  ],
  ['secret-get', ['--format=json', '--label', 'dbpw', '--peek'], { label: 'dbpw', peek: true }],
  [
    'secret-info-get',
    ['--format=json', SECRET],
    { uri: { id: SECRET.slice(7), raw: SECRET }, format: 'json' },
  ],
  ['secret-info-get', ['--format=json', '--label', 'x'], { label: 'x' }],
  ['secret-grant', ['--relation', '3', SECRET], { relationId: 3, relationFlag: '--relation' }],
  ['secret-grant', ['--relation', '3', '--unit', 'remote/1', SECRET], { unit: 'remote/1' }],
  [
    'secret-revoke',
    ['--relation', '3', '--unit', 'remote/1', SECRET],
    { unit: 'remote/1', relation: { relationId: 3, relationRaw: '3', relationFlag: '--relation' } },
  ],
  ['secret-revoke', ['--app', 'remote', SECRET], { app: 'remote' }],
  ['secret-remove', [SECRET, '--revision', '2'], { revision: 2 }],
  ['secret-remove', [SECRET], { tool: 'secret-remove' }],
  ['secret-ids', ['--format=json'], { tool: 'secret-ids', format: 'json' }],
  ['open-port', ['8080/tcp'], { protocol: 'tcp', fromPort: 8080, toPort: 8080 }],
  ['open-port', ['icmp'], { protocol: 'icmp' }],
  [
    'open-port',
    ['--endpoints', 'a,b', '8000-8999/UDP'],
    { protocol: 'udp', fromPort: 8000, toPort: 8999, endpoints: ['a', 'b'] },
  ],
  ['close-port', ['80'], { tool: 'close-port', protocol: 'tcp', fromPort: 80 }],
  ['opened-ports', ['--format=json'], { endpoints: false, format: 'json' }],
  ['opened-ports', ['--endpoints', '--format=json'], { endpoints: true }],
  ['credential-get', ['--format=json'], { tool: 'credential-get', format: 'json' }],
  ['state-get', ['--format=json'], { tool: 'state-get', strict: false, format: 'json' }],
  ['state-get', ['key'], { key: 'key', format: 'smart' }],
  ['state-delete', ['key'], { tool: 'state-delete', key: 'key' }],
  ['state-delete', [], { tool: 'state-delete' }],
  ['juju-reboot', [], { now: false }],
  ['juju-reboot', ['--now'], { now: true }],
];

describe('parseToolCall: ops ≥ 3.7.1 argv (§2.3)', () => {
  it.each(ROWS)('%s %j', (tool, argv, expected, ctx) => {
    const call = parseToolCall(tool, argv, ctx ?? env());
    expect(call).toMatchObject({ tool, ...expected });
  });

  it('relation-set --file - reads stdin JSON keeping scalars as strings', () => {
    const call = parseToolCall(
      'relation-set',
      ['-r', 'db:3', '--app', '--file', '-'],
      env({ input: '{"a": "x", "n": 1.50, "b": true, "gone": ""}' }),
    );
    expect(call).toEqual({
      tool: 'relation-set',
      app: true,
      settings: { a: 'x', n: '1.50', b: 'true', gone: '' },
      file: '-',
      relationId: 3,
      relationEndpoint: 'db',
      relationRaw: 'db:3',
      relationFlag: '-r',
    });
  });

  it('relation-set positional key=value overrides the file', () => {
    const call = parseToolCall(
      'relation-set',
      ['--file', 'f.yaml', 'a=over', 'c='],
      relationHook({ files: { 'f.yaml': 'a: 1\nb: 2\n' } }),
    );
    expect(call).toMatchObject({
      settings: { a: 'over', b: '2', c: '' },
      relationId: 3,
      relationRaw: 'db:3',
    });
    expect(call).not.toHaveProperty('relationFlag');
  });

  it('secret-add reads key#file= at parse time and base64-encodes content', () => {
    const call = parseToolCall(
      'secret-add',
      [
        '--label',
        'dbpw',
        '--description',
        'd',
        '--expire',
        '2025-06-01T00:00:00Z',
        '--rotate',
        'daily',
        '--owner',
        'unit',
        'password#file=/tmp/x/password',
        'tok=abc',
        'raw#base64=AA==',
      ],
      env({ files: { '/tmp/x/password': 's3cret' } }),
    );
    expect(call).toEqual({
      tool: 'secret-add',
      owner: 'unit',
      label: 'dbpw',
      description: 'd',
      expire: new Date('2025-06-01T00:00:00Z'),
      rotate: 'daily',
      contentBase64: { password: 'czNjcmV0', tok: 'YWJj', raw: 'AA==' },
    });
  });

  it('secret-set with --owner application and a canonical URI', () => {
    const uri = `secret://deadbeef-0bad-400d-8000-4b1d0d06f00d/${SECRET.slice(7)}`;
    const call = parseToolCall(
      'secret-set',
      ['--label', 'l', '--owner', 'application', uri, 'pass#file=/p'],
      env({ files: { '/p': 'x' } }),
    );
    expect(call).toMatchObject({
      uri: { id: SECRET.slice(7), sourceUuid: 'deadbeef-0bad-400d-8000-4b1d0d06f00d' },
      owner: 'application',
      contentBase64: { pass: 'eA==' },
    });
  });

  it('--expire accepts zone-less time (UTC), ±hh:mm zones, fractions and Go durations', () => {
    const expire = (spec: string): unknown =>
      (parseToolCall('secret-add', ['--expire', spec, 'aaa=1'], env()) as { expire?: Date }).expire;
    expect(expire('2025-01-01T06:06:06')).toEqual(new Date('2025-01-01T06:06:06Z'));
    expect(expire('2025-01-01T06:06:06.123456')).toEqual(new Date('2025-01-01T06:06:06.123Z'));
    expect(expire('2025-01-01T06:06:06+02:00')).toEqual(new Date('2025-01-01T04:06:06Z'));
    expect(expire('24h')).toEqual(new Date(NOW + 86_400_000));
    expect(expire('1h30m')).toEqual(new Date(NOW + 5_400_000));
  });

  it('pod-spec-set reads --file and --k8s-resources now', () => {
    const call = parseToolCall(
      'pod-spec-set',
      ['--file', '/t/spec.yaml', '--k8s-resources', '/t/k.yaml'],
      env({ files: { '/t/spec.yaml': 'spec', '/t/k.yaml': 'k8s' } }),
    );
    expect(call).toEqual({ tool: 'pod-spec-set', spec: 'spec', k8sResources: 'k8s' });
  });

  it('state-set --file - reads the YAML JujuStorage writes', () => {
    const input =
      '"Demo/StoredStateData[_stored]": |\n  l: [1, 2]\n  n: 2\n  t: !!python/tuple [1, a]\n';
    const call = parseToolCall('state-set', ['--file', '-'], env({ input }));
    expect(call).toEqual({
      tool: 'state-set',
      values: { 'Demo/StoredStateData[_stored]': 'l: [1, 2]\nn: 2\nt: !!python/tuple [1, a]\n' },
    });
  });

  it('--help yields help text (storage-get default from JUJU_STORAGE_ID)', () => {
    const call = parseToolCall('storage-get', ['--help'], env({ storageId: 'test-stor/0' }));
    expect(call.tool).toBe('help');
    const text = (call as { text: string }).text;
    expect(text).toMatch(/^Usage: storage-get \[options\] \[<key>\]\n/);
    expect(text).toMatch(/^-s\s+\(=\s+(?<storage_key>.*?)\)\s*?$/m);
    expect(/^-s\s+\(=\s+(?<k>.*?)\)\s*?$/m.exec(text)?.groups?.k).toBe('test-stor/0');
    expect(text).toContain(
      '--format  (= smart)\n    Specify output format (json|smart|yaml)\n-o, --output (= "")',
    );
  });
});
