/**
 * @module `charmkit init --profile expressjs`: writes a 12-factor charm for the app in a
 * directory into its `charm/` folder — `charmcraft.yaml` (the expressjs framework's
 * containers, resources, peers, integrations and options, spelled out), `package.json`,
 * `src/charm.ts`, `src/main.ts` and the typed metadata module — as `charmcraft init
 * --profile` does for paas-charm. A `pg` dependency in the app makes PostgreSQL a required
 * integration; ingress is always offered, optional.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCharmMeta, renderMetadataModule } from '@charmkit/ops/metadata';
import { charmcraftYaml, charmPackageJson, charmSource, mainSource } from './templates.ts';

export const PROFILES = ['expressjs'] as const;
export type Profile = (typeof PROFILES)[number];

export interface InitOptions {
  readonly profile: string;
  /** Overwrite files the charm already has. */
  readonly force?: boolean;
}

interface AppManifest {
  name?: unknown;
  description?: unknown;
  dependencies?: Record<string, unknown>;
}

/** A charm name from a package name: `@acme/My_Shop` → `my-shop`. */
export function charmName(packageName: string): string {
  const name = packageName
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(name) ? name : `app-${name || 'charm'}`;
}

function readManifest(appDir: string): AppManifest {
  const path = join(appDir, 'package.json');
  if (!existsSync(path))
    throw new Error(
      `no package.json in ${appDir}: run charmkit init in the app's folder (an npm project whose "start" script runs the app)`,
    );
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as AppManifest;
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Writes the charm into `<appDir>/charm`.
 *
 * @returns the files written
 * @throws {Error} naming what is wrong: no package.json, an unknown profile, or files that
 *   exist already (without `force`)
 */
export function initCharm(appDir: string, options: InitOptions): string[] {
  if (!(PROFILES as readonly string[]).includes(options.profile))
    throw new Error(
      `unknown profile "${options.profile}": supported profiles are ${PROFILES.join(', ')}`,
    );
  const manifest = readManifest(appDir);
  const name = charmName(typeof manifest.name === 'string' ? manifest.name : 'app');
  const app = {
    name,
    description: typeof manifest.description === 'string' ? manifest.description : '',
    database: 'pg' in (manifest.dependencies ?? {}),
  };
  const charmDir = join(appDir, 'charm');
  const files: Record<string, string> = {
    'charmcraft.yaml': charmcraftYaml(app),
    'package.json': charmPackageJson(app),
    'src/charm.ts': charmSource(app),
    'src/main.ts': mainSource(),
  };
  const existing = [...Object.keys(files), 'src/metadata.generated.ts'].filter((file) =>
    existsSync(join(charmDir, file)),
  );
  if (existing.length > 0 && !options.force)
    throw new Error(
      `${charmDir} already has ${existing.join(', ')}: pass --force to overwrite them`,
    );
  const written: string[] = [];
  for (const [file, content] of Object.entries(files)) {
    const path = join(charmDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(path);
  }
  const metadataPath = join(charmDir, 'src', 'metadata.generated.ts');
  writeFileSync(metadataPath, renderMetadataModule(loadCharmMeta(charmDir)));
  written.push(metadataPath);
  return written;
}
