/** `charmkit init --profile expressjs` (initCharm): what it writes and what it refuses. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCharmMeta } from '@charmkit/ops/metadata';
import { describe, expect, it } from 'vitest';
import { charmName, initCharm } from '../src/init/index.ts';

const demo = fileURLToPath(new URL('../../../examples/demo', import.meta.url));

function app(manifest: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'paas-init-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

describe('initCharm', () => {
  it('writes a charm the loader accepts, requiring PostgreSQL when the app uses pg', () => {
    const dir = app({ name: '@acme/My_Shop', dependencies: { express: '5', pg: '8' } });
    const written = initCharm(dir, { profile: 'expressjs' });
    expect(written.map((f) => f.slice(dir.length + 1)).sort()).toEqual([
      'charm/charmcraft.yaml',
      'charm/package.json',
      'charm/src/charm.ts',
      'charm/src/main.ts',
      'charm/src/metadata.generated.ts',
    ]);
    const meta = loadCharmMeta(join(dir, 'charm'));
    expect(meta.name).toBe('my-shop');
    expect(meta.requires.postgresql).toMatchObject({
      interface: 'postgresql_client',
      optional: false,
    });
    expect(meta.requires.ingress).toMatchObject({ interface: 'ingress', optional: true });
    expect(meta.peers['secret-storage']?.interface).toBe('secret-storage');
    expect(Object.keys(meta.config)).toContain('app-port');
  });

  it('leaves PostgreSQL out for an app without pg', () => {
    const dir = app({ name: 'static-site', dependencies: { express: '5' } });
    initCharm(dir, { profile: 'expressjs' });
    expect(loadCharmMeta(join(dir, 'charm')).requires.postgresql).toBeUndefined();
  });

  it('refuses a folder without package.json, an unknown profile, and existing files', () => {
    const empty = mkdtempSync(join(tmpdir(), 'paas-init-'));
    expect(() => initCharm(empty, { profile: 'expressjs' })).toThrow(
      /no package.json in .*run charmkit init in the app's folder/,
    );
    const dir = app({ name: 'x' });
    expect(() => initCharm(dir, { profile: 'flask' })).toThrow(
      'unknown profile "flask": supported profiles are expressjs',
    );
    initCharm(dir, { profile: 'expressjs' });
    expect(() => initCharm(dir, { profile: 'expressjs' })).toThrow(
      /already has charmcraft.yaml.*pass --force/,
    );
    expect(initCharm(dir, { profile: 'expressjs', force: true })).toHaveLength(5);
  });

  it('is what examples/demo/charm holds (the demo charm is generated, not hand-written)', () => {
    const copy = app(JSON.parse(readFileSync(join(demo, 'package.json'), 'utf8')) as object);
    initCharm(copy, { profile: 'expressjs' });
    for (const file of [
      'charmcraft.yaml',
      'package.json',
      ...readdirSync(join(demo, 'charm', 'src')).map((f) => `src/${f}`),
    ])
      expect(readFileSync(join(copy, 'charm', file), 'utf8'), file).toBe(
        readFileSync(join(demo, 'charm', file), 'utf8'),
      );
  });

  it('names charms after the package', () => {
    expect(charmName('@scope/Web_App')).toBe('web-app');
    expect(charmName('123')).toBe('app-123');
  });
});
