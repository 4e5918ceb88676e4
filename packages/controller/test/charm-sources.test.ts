/**
 * What a deployed charm directory is given: the files `charmcraft pack` derives from
 * `charmcraft.yaml` (Python ops reads only those) and `oci-image` resources given as image
 * references, as `juju deploy --resource image=ubuntu:22.04` accepts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withController } from './with-controller.ts';

const crafted = fileURLToPath(new URL('fixtures/crafted', import.meta.url));
const kv = fileURLToPath(new URL('fixtures/kv', import.meta.url));
const ctl = withController('charmkit-src-');

const messages = () => ctl.current.logs('test').map((l) => l.message);

describe('charm sources', () => {
  it('gives a charmcraft.yaml-only charm the metadata.yaml, config.yaml and actions.yaml charmcraft pack writes', async () => {
    await ctl.current.deploy('test', crafted, { resources: { 'app-image': 'ubuntu:22.04' } });
    await ctl.current.agents.settled();
    const logs = messages();
    const metadata = logs.find((m) => m.startsWith('metadata.yaml: '));
    expect(metadata).toContain('name: crafted');
    expect(metadata).toContain('containers: app: resource: app-image');
    // Build-only keys stay out of metadata.yaml; config and actions get their own files.
    for (const key of ['base:', 'platforms:', 'parts:', 'type: charm', 'config:', 'actions:'])
      expect(metadata).not.toContain(key);
    expect(logs).toContain('config.yaml: options: colour: type: string default: blue ');
    expect(logs).toContain('actions.yaml: paint: description: Paints. ');
  });

  it('keeps a charm’s own metadata.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charmkit-both-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'charmcraft.yaml'), 'name: both\ntype: charm\nsummary: s\n');
    writeFileSync(join(dir, 'metadata.yaml'), 'name: both\nsummary: the charm’s own\n');
    writeFileSync(join(dir, 'dispatch'), '#!/bin/sh\njuju-log -- "$(cat metadata.yaml)"\n', {
      mode: 0o755,
    });
    await ctl.current.deploy('test', dir);
    await ctl.current.agents.settled();
    expect(messages().some((m) => m.includes('the charm’s own'))).toBe(true);
  });

  it('hands an image reference to resource-get as juju’s image details', async () => {
    await ctl.current.deploy('test', crafted, {
      resources: { 'app-image': 'ghcr.io/canonical/app:1.0' },
    });
    await ctl.current.agents.settled();
    expect(messages()).toContain(
      'image: {"registrypath":"ghcr.io/canonical/app:1.0","username":"","password":""}',
    );
  });

  it('refuses resource values that cannot be what the resource is, saying why', async () => {
    const deploy = (app: string, charm: string, resources: Record<string, string>) =>
      ctl.current.deploy('test', charm, { name: app, resources });
    await expect(deploy('a', crafted, { 'app-image': 'not an image' })).rejects.toThrow(
      'resource "app-image": "not an image" is neither a local path nor an image reference (like ubuntu:22.04)',
    );
    await expect(deploy('b', crafted, { 'app-image': '3' })).rejects.toThrow(
      'resource "app-image": revision 3 would come from Charmhub',
    );
    await expect(deploy('c', kv, { payload: 'ubuntu:22.04' })).rejects.toThrow(
      'resource "payload": file ubuntu:22.04 does not exist',
    );
    await expect(deploy('d', kv, { payload: tmpdir() })).rejects.toThrow(
      `resource "payload": ${tmpdir()} is not a file (a file resource takes a file)`,
    );
    await expect(deploy('e', kv, { image: 'ubuntu' })).rejects.toThrow(
      'unrecognized resource "image" (the charm has: payload)',
    );
    expect(ctl.current.ops.repo.world(ctl.current.ops.modelUuid('test')).applications.size).toBe(0);
  });
});
