/** Metadata loading: every source format, normalisation, and errors that point at the line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCharmMeta, MetadataError, parseCharmMeta } from '../src/metadata/index.ts';
import { main as typegen } from '../src/metadata/typegen-cli.ts';

const helloWeb = fileURLToPath(new URL('../../../examples/charms/hello-web', import.meta.url));

function errorOf(files: Parameters<typeof parseCharmMeta>[0]): MetadataError {
  try {
    parseCharmMeta(files);
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw error;
  }
  throw new Error('expected a MetadataError');
}

describe('charmcraft.yaml', () => {
  it('normalises every section of hello-web', () => {
    const meta = loadCharmMeta(helloWeb);
    expect(meta.name).toBe('hello-web');
    expect(meta.peers).toEqual({ peers: { interface: 'hello-web-peers' } });
    expect(meta.containers).toEqual({ web: { resource: 'web-image' } });
    expect(meta.config.port).toEqual({
      type: 'int',
      default: 8080,
      description: 'TCP port the greeting server listens on.',
    });
    expect(meta.config['api-token']?.type).toBe('secret');
    expect(meta.actions.greet?.required).toEqual(['name']);
    expect(meta.actions.greet?.additionalProperties).toBe(false);
  });

  it('reads relations in shorthand and long form, storage, assumes and charm-user', () => {
    const meta = parseCharmMeta({
      'charmcraft.yaml': `
name: db-app
assumes: [k8s-api]
charm-user: non-root
requires:
  db: postgresql_client
  logs: {interface: loki_push_api, limit: 1, optional: true}
provides:
  metrics: {interface: prometheus_scrape}
storage:
  data: {type: filesystem, location: /data, multiple: {range: 1-3}, minimum-size: 1G}
config:
  options:
    ratio: {type: float, default: 0.5}
    debug: {type: boolean}
    name: {description: untyped means string}
`,
    });
    expect(meta.requires.db).toEqual({ interface: 'postgresql_client' });
    expect(meta.requires.logs).toEqual({ interface: 'loki_push_api', limit: 1, optional: true });
    expect(meta.storage.data).toEqual({
      type: 'filesystem',
      location: '/data',
      multiple: '1-3',
      minimumSize: '1G',
    });
    expect(meta.assumes).toEqual(['k8s-api']);
    expect(meta.charmUser).toBe('non-root');
    expect(meta.config.name?.type).toBe('string');
    expect(meta.config.debug).toEqual({ type: 'boolean' });
  });
});

describe('legacy metadata.yaml + config.yaml + actions.yaml', () => {
  it('reads the three files a packed charm has', () => {
    const meta = parseCharmMeta({
      'metadata.yaml':
        'name: legacy\nsubordinate: true\nrequires:\n  host: {interface: juju-info, scope: container}\n',
      'config.yaml': 'options:\n  level: {type: int, default: 3}\n',
      'actions.yaml': 'backup:\n  params: {to: {type: string}}\n  additionalProperties: true\n',
    });
    expect(meta.subordinate).toBe(true);
    expect(meta.requires.host).toEqual({ interface: 'juju-info', scope: 'container' });
    expect(meta.config.level?.default).toBe(3);
    expect(meta.actions.backup?.additionalProperties).toBe(true);
  });

  it('prefers metadata.yaml when both exist', () => {
    const meta = parseCharmMeta({
      'metadata.yaml': 'name: packed\n',
      'charmcraft.yaml': 'name: source\n',
    });
    expect(meta.name).toBe('packed');
  });

  it('loads from a directory and says when it is not a charm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'charmkit-meta-'));
    expect(() => loadCharmMeta(dir)).toThrow(/no charmcraft.yaml or metadata.yaml/);
    writeFileSync(join(dir, 'metadata.yaml'), 'name: ok\n');
    expect(loadCharmMeta(dir).name).toBe('ok');
  });
});

describe('invalid metadata names the file, line and key', () => {
  it('an unknown config type', () => {
    const error = errorOf({
      'charmcraft.yaml': 'name: x\nconfig:\n  options:\n    port:\n      type: integer\n',
    });
    expect(error.file).toBe('charmcraft.yaml');
    expect(error.line).toBe(5);
    expect(error.key).toBe('config.options.port.type');
    expect(error.message).toMatch(
      /^charmcraft.yaml:5: config.options.port.type: .*found "integer"/,
    );
  });

  it('a default that does not match its type', () => {
    const error = errorOf({
      'metadata.yaml': 'name: x\n',
      'config.yaml': 'options:\n  port:\n    type: int\n    default: eighty\n',
    });
    expect(error.message).toBe(
      'config.yaml:4: options.port.default: found "eighty", expected a default of type int',
    );
  });

  it('an unknown key inside a relation', () => {
    const error = errorOf({
      'metadata.yaml': 'name: x\nrequires:\n  db:\n    interface: pg\n    limt: 1\n',
    });
    expect(error.line).toBe(5);
    expect(error.message).toContain('unknown key "limt"');
  });

  it('a missing name', () => {
    expect(errorOf({ 'metadata.yaml': 'summary: nameless\n' }).message).toMatch(
      /metadata.yaml:1: name: .*found nothing/,
    );
  });

  it('broken YAML', () => {
    const error = errorOf({ 'charmcraft.yaml': 'name: x\nconfig: [unclosed\n' });
    expect(error.message).toMatch(/^charmcraft.yaml:\d+: invalid YAML/);
  });

  it('a container whose resource is not an oci-image', () => {
    const error = errorOf({
      'metadata.yaml': 'name: x\ncontainers:\n  app:\n    resource: nope\n',
    });
    expect(error.message).toBe(
      'metadata.yaml:4: containers.app.resource: found "nope", expected the name of an oci-image resource under "resources"',
    );
  });

  it('reserved juju- endpoint names', () => {
    expect(errorOf({ 'metadata.yaml': 'name: x\nprovides:\n  juju-db: pg\n' }).message).toContain(
      'reserved',
    );
  });

  it('a subordinate without a container-scoped relation', () => {
    expect(errorOf({ 'metadata.yaml': 'name: x\nsubordinate: true\n' }).key).toBe('subordinate');
  });

  it('mixing format v1 and v2 keys', () => {
    expect(
      errorOf({ 'metadata.yaml': 'name: x\nseries: [focal]\nassumes: [k8s-api]\n' }).message,
    ).toContain('format v1 and v2 keys are mixed');
  });

  it('a required action param that is not declared', () => {
    const error = errorOf({
      'charmcraft.yaml':
        'name: x\nactions:\n  go:\n    params: {a: {type: string}}\n    required: [b]\n',
    });
    expect(error.key).toBe('actions.go.required.0');
  });
});

describe('charmkit-typegen', () => {
  it('hello-web’s generated module is up to date', () => {
    expect(typegen([helloWeb, '--check'])).toBe(0);
  });

  it('--check fails on a stale file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'charmkit-typegen-'));
    writeFileSync(join(dir, 'metadata.yaml'), 'name: fresh\n');
    const out = join(dir, 'generated.ts');
    writeFileSync(out, '// stale\n');
    expect(typegen([dir, '--out', out, '--check'])).toBe(1);
    expect(typegen([dir, '--out', out])).toBe(0);
    expect(typegen([dir, '--out', out, '--check'])).toBe(0);
  });
});
