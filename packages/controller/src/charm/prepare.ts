/**
 * @module Turns a charm directory into what units run (juju-semantics.md §7, §2.10): a copy
 * in the controller's charm store with a `dispatch` (and, from `charmcraft.yaml`, the `metadata.yaml`,
 * `config.yaml` and `actions.yaml` that `charmcraft pack` would write). A TypeScript charm (`src/main.ts`) is
 * bundled with esbuild — code splitting, so a hook loads only what it runs — and gets a
 * `dispatch` that starts it with this controller's Node and a V8 code cache.
 */
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { CharmMeta } from '@charmkit/ops';
import { loadCharmMeta } from '@charmkit/ops/metadata';
import AdmZip from 'adm-zip';
import { build } from 'esbuild';
import { RUNNER_MARKER } from '../agent/charm-runners.ts';
import { ControllerError } from '../model/errors.ts';
import { writeLegacyMetadata } from './legacy-metadata.ts';

export interface PreparedCharm {
  readonly dir: string;
  readonly meta: CharmMeta;
}

const SKIP = new Set(['node_modules', '.git', 'dist', '.charmkit']);

/**
 * Copies (and, for TypeScript charms, bundles) `source` into `storeDir`. `source` is a charm
 * directory or a packed `.charm` file (a zip, unpacked with its file modes kept).
 */
export async function prepareCharm(source: string, storeDir: string): Promise<PreparedCharm> {
  if (!existsSync(source))
    throw new ControllerError('not-found', `charm directory ${source} does not exist`);
  if (statSync(source).isFile()) {
    const unpacked = unpackCharm(source, storeDir);
    try {
      return await prepareCharm(unpacked, storeDir);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  }
  const meta = loadCharmMeta(source);
  const dir = join(storeDir, `${meta.name}-${randomUUID().slice(0, 8)}`);
  // Readable by all: charms hold no secrets, and charm runners import them as the charm user.
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !SKIP.has(basename(path)) || path === source,
  });
  writeLegacyMetadata(dir);
  const entry = join(source, 'src', 'main.ts');
  if (existsSync(entry)) {
    await bundle({ charm: entry }, join(dir, 'dist'));
    const workloads = workloadEntries(join(source, 'src', 'workloads'));
    if (Object.keys(workloads).length > 0) await bundle(workloads, join(dir, 'dist', 'workloads'));
    writeDispatch(dir);
    // Built here for the agent's long-lived runners: no process start per hook.
    writeFileSync(join(dir, RUNNER_MARKER), 'dist/charm.js\n');
  } else if (!existsSync(join(dir, 'dispatch'))) {
    throw new ControllerError(
      'invalid',
      `charm ${meta.name} has neither a dispatch script nor src/main.ts`,
    );
  }
  return { dir, meta };
}

/** Unpacks a `.charm` zip into a fresh directory of `storeDir`; returns that directory. */
function unpackCharm(file: string, storeDir: string): string {
  const dir = join(storeDir, `.unpacked-${randomUUID().slice(0, 8)}`);
  try {
    const zip = new AdmZip(file);
    for (const entry of zip.getEntries()) {
      if (entry.entryName.split('/').includes('..'))
        throw new Error(`entry "${entry.entryName}" points outside the charm`);
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    zip.extractAllTo(dir, true, true);
  } catch (error) {
    throw new ControllerError(
      'invalid',
      `cannot read charm file ${file}: ${(error as Error).message} (expected a .charm zip from charmcraft pack)`,
    );
  }
  return dir;
}

/**
 * Workload programs a TypeScript charm ships (`src/workloads/<name>.ts`, bundled to
 * `dist/workloads/<name>.js` with their dependencies), for Pebble services to run with the
 * controller's Node.
 */
function workloadEntries(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const entries: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts'))
      entries[file.slice(0, -'.ts'.length)] = join(dir, file);
  }
  return entries;
}

async function bundle(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  const entry = Object.values(entryPoints).join(', ');
  try {
    await build({
      entryPoints,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      outdir,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
  } catch (error) {
    throw new ControllerError('invalid', `cannot bundle ${entry}: ${(error as Error).message}`);
  }
}

function writeDispatch(dir: string): void {
  const script = `#!/bin/sh
# Written by Charmkit: runs the bundled TypeScript charm with the controller's Node.
export NODE_COMPILE_CACHE="\${JUJU_CHARM_DIR:-.}/.node-compile-cache"
JUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-$0}" exec '${process.execPath}' ./dist/charm.js
`;
  writeFileSync(join(dir, 'dispatch'), script);
  chmodSync(join(dir, 'dispatch'), 0o755);
}
