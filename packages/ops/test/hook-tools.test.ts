/** The hook-tool backend: exact argv (ops-protocol.md §2.3), output parsing, error mapping. */
import { describe, expect, it } from 'vitest';
import {
  HookToolBackend,
  jujuContextFromEnv,
  ModelError,
  RelationNotFoundError,
  SecretNotFoundError,
} from '../src/index.ts';
import { FakeHookTools } from './fake-hook-tools.ts';

function setup() {
  const tools = new FakeHookTools();
  const context = jujuContextFromEnv({
    JUJU_DISPATCH_PATH: 'hooks/config-changed',
    JUJU_UNIT_NAME: 'web/0',
    JUJU_MODEL_NAME: 'm',
    JUJU_MODEL_UUID: '4f1a0e3c-7c5d-4b8a-9d6e-2f3a4b5c6d7e',
    JUJU_VERSION: '3.6.14',
    JUJU_CHARM_DIR: tools.dir,
  });
  return { tools, backend: new HookToolBackend({ context, env: tools.env }) };
}

const db = { endpoint: 'db', id: 3 };

describe('argv as ops >= 3.7.1 sends it', () => {
  it('reads config, leadership and relations', () => {
    const { tools, backend } = setup();
    tools.answer('config-get', '{"port": 8080, "debug": true}');
    expect(backend.configGet()).toEqual({ port: 8080, debug: true });
    expect(tools.lastArgv()).toEqual(['config-get', '--format=json']);
    tools.answer('is-leader', 'true\n');
    expect(backend.isLeader()).toBe(true);
    expect(tools.lastArgv()).toEqual(['is-leader', '--format=json']);
    tools.answer('relation-ids', '["db:3","db:7"]');
    expect(backend.relationIds('db')).toEqual([3, 7]);
    expect(tools.lastArgv()).toEqual(['relation-ids', 'db', '--format=json']);
    tools.answer('relation-list', '["pg/0"]');
    expect(backend.relationList(db)).toEqual(['pg/0']);
    expect(tools.lastArgv()).toEqual(['relation-list', '--format=json', '-r', 'db:3']);
    tools.answer('relation-get', '{"a":"1"}');
    expect(backend.relationGet(db, 'pg', true)).toEqual({ a: '1' });
    expect(tools.lastArgv()).toEqual([
      'relation-get',
      '--format=json',
      '-r',
      'db:3',
      '--app',
      '-',
      'pg',
    ]);
  });

  it('writes relation data as JSON on stdin', () => {
    const { tools, backend } = setup();
    backend.relationSet(db, { user: 'u', gone: '' }, false);
    const call = tools.calls().at(-1)!;
    expect(call.argv).toEqual(['relation-set', '-r', 'db:3', '--file', '-']);
    expect(JSON.parse(call.stdin!)).toEqual({ user: 'u', gone: '' });
  });

  it('sets and reads status with the flags ops uses', () => {
    const { tools, backend } = setup();
    backend.statusSet({ name: 'active', message: '' }, false);
    expect(tools.lastArgv()).toEqual(['status-set', '--application=False', 'active', '--', '']);
    backend.statusSet({ name: 'blocked', message: '-leading dash' }, true);
    expect(tools.lastArgv()).toEqual([
      'status-set',
      '--application=True',
      'blocked',
      '--',
      '-leading dash',
    ]);
    tools.answer('status-get', '{"status":"maintenance","message":"m","status-data":{}}');
    expect(backend.statusGet()).toEqual({ name: 'maintenance', message: 'm', data: {} });
    expect(tools.lastArgv()).toEqual([
      'status-get',
      '--include-data',
      '--format=json',
      '--application=false',
    ]);
  });

  it('passes secret content through private files, never argv', () => {
    const { tools, backend } = setup();
    tools.answer('secret-add', 'secret:cs0123456789abcdefghij\n');
    const id = backend.secretAdd(
      { password: 'hunter2' },
      { owner: 'unit', label: 'pw', rotate: 'daily' },
    );
    expect(id).toBe('secret:cs0123456789abcdefghij');
    const call = tools.calls().at(-1)!;
    expect(call.argv.slice(0, 7)).toEqual([
      'secret-add',
      '--label',
      'pw',
      '--rotate',
      'daily',
      '--owner',
      'unit',
    ]);
    expect(call.argv[7]).toMatch(/^password#file=\//);
    expect(call.argv.join(' ')).not.toContain('hunter2');
    expect(call.files).toBe('hunter2\n');
  });

  it('builds the other secret commands', () => {
    const { tools, backend } = setup();
    tools.answer('secret-get', '{"k":"v"}');
    backend.secretGet({ id: 'secret:x', label: 'l' }, { refresh: true });
    expect(tools.lastArgv()).toEqual([
      'secret-get',
      '--format=json',
      'secret:x',
      '--label',
      'l',
      '--refresh',
    ]);
    backend.secretGrant('secret:x', 3, 'pg/0');
    expect(tools.lastArgv()).toEqual([
      'secret-grant',
      '--relation',
      '3',
      '--unit',
      'pg/0',
      'secret:x',
    ]);
    backend.secretRemove('secret:x', 2);
    expect(tools.lastArgv()).toEqual(['secret-remove', 'secret:x', '--revision', '2']);
    tools.answer(
      'secret-info-get',
      '{"cs0123456789abcdefghij":{"revision":2,"label":"pw","owner":"application","rotation":"daily"}}',
    );
    expect(backend.secretInfoGet({ label: 'pw' })).toEqual({
      id: 'cs0123456789abcdefghij',
      label: 'pw',
      revision: 2,
      owner: 'application',
      rotation: 'daily',
    });
    expect(tools.lastArgv()).toEqual(['secret-info-get', '--format=json', '--label', 'pw']);
  });

  it('handles ports, logging, actions and storage', () => {
    const { tools, backend } = setup();
    backend.openPort({ protocol: 'tcp', port: 8080 });
    expect(tools.lastArgv()).toEqual(['open-port', '8080/tcp']);
    backend.closePort({ protocol: 'icmp' });
    expect(tools.lastArgv()).toEqual(['close-port', 'icmp']);
    tools.answer('opened-ports', '["80/tcp","53/udp","icmp","8000-8999/tcp","443"]');
    expect(backend.openedPorts()).toEqual([
      { protocol: 'tcp', port: 80 },
      { protocol: 'udp', port: 53 },
      { protocol: 'icmp' },
      { protocol: 'tcp', port: 8000, toPort: 8999 },
      { protocol: 'tcp', port: 443 },
    ]);
    backend.jujuLog('INFO', '-dash first');
    expect(tools.lastArgv()).toEqual(['juju-log', '--log-level', 'INFO', '--', '-dash first']);
    backend.actionSet({ 'out.a': '1', b: 'two words' });
    expect(tools.lastArgv()).toEqual(['action-set', 'out.a=1', 'b=two words']);
    backend.actionFail('');
    expect(tools.lastArgv()).toEqual(['action-fail', '--', '']);
    tools.answer('storage-get', '{"kind":"filesystem","location":"/data"}');
    expect(backend.storageGet('data/0')).toEqual({ kind: 'filesystem', location: '/data' });
    expect(tools.lastArgv()).toEqual(['storage-get', '--format=json', '-s', 'data/0']);
  });

  it('parses network-get', () => {
    const { tools, backend } = setup();
    tools.answer(
      'network-get',
      JSON.stringify({
        'bind-addresses': [
          {
            'mac-address': '',
            'interface-name': 'eth0',
            addresses: [{ hostname: '', value: '10.0.0.2', cidr: '10.0.0.0/24' }],
          },
        ],
        'egress-subnets': ['10.0.0.2/32'],
        'ingress-addresses': ['10.0.0.2'],
      }),
    );
    const info = backend.networkGet('db', 3);
    expect(tools.lastArgv()).toEqual(['network-get', '--format=json', '-r', '3', 'db']);
    expect(info.bindAddresses[0]?.addresses[0]?.value).toBe('10.0.0.2');
    expect(info.ingressAddresses).toEqual(['10.0.0.2']);
  });
});

describe('failures map to typed errors', () => {
  it('relation not found', () => {
    const { tools, backend } = setup();
    tools.answer('relation-get', '', {
      stderr: 'ERROR invalid value "db:6" for option -r: relation not found\n',
      code: 2,
    });
    expect(() => backend.relationGet({ endpoint: 'db', id: 6 }, 'pg/0', false)).toThrow(
      RelationNotFoundError,
    );
  });

  it('secret not found', () => {
    const { tools, backend } = setup();
    tools.answer('secret-get', '', { stderr: 'ERROR secret "123" not found\n', code: 1 });
    expect(() => backend.secretGet({ id: 'secret:123' })).toThrow(SecretNotFoundError);
  });

  it('anything else is a ModelError carrying stderr', () => {
    const { tools, backend } = setup();
    tools.answer('network-get', '', {
      stderr: 'ERROR no network config found for binding "x"\n',
      code: 1,
    });
    const error = (() => {
      try {
        backend.networkGet('x');
      } catch (e) {
        return e as ModelError;
      }
      throw new Error('expected failure');
    })();
    expect(error).toBeInstanceOf(ModelError);
    expect(error).not.toBeInstanceOf(RelationNotFoundError);
    expect(error.stderr).toBe('ERROR no network config found for binding "x"\n');
  });

  it('a relation-list --app on a gone relation is no app, not an error', () => {
    const { tools, backend } = setup();
    tools.answer('relation-list', '', { stderr: 'ERROR relation not found\n', code: 2 });
    expect(backend.relationRemoteApp(db)).toBeNull();
  });

  it('a missing tool says so', () => {
    const { tools } = setup();
    const context = jujuContextFromEnv({
      JUJU_DISPATCH_PATH: 'hooks/install',
      JUJU_UNIT_NAME: 'web/0',
      JUJU_CHARM_DIR: tools.dir,
    });
    const bare = new HookToolBackend({ context, env: { PATH: '/nonexistent' } });
    expect(() => bare.isLeader()).toThrow(/hook tool is-leader not found on PATH/);
  });
});

describe('deferred events', () => {
  it('persist in the charm directory between dispatches', () => {
    const { backend } = setup();
    expect(backend.loadDeferred()).toEqual([]);
    const notice = {
      handle: 'X/on/config-changed[1]',
      observer: 'reconcile',
      snapshot: { dispatchPath: 'hooks/config-changed' },
    };
    backend.saveDeferred([notice]);
    expect(backend.loadDeferred()).toEqual([notice]);
    backend.saveDeferred([]);
    expect(backend.loadDeferred()).toEqual([]);
  });
});
