/**
 * @module Reads static layers from `$PEBBLE/layers` (pebble-api.md §2.3): `NNN-label.yaml`
 * files plus one level of `NNN-label.d/` sub-directories, ordered `1000*dir + file`.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../errors.ts';
import { parseLayer } from './parse-layer.ts';
import type { Layer } from './types.ts';

const NAME = /^([0-9]{3})-([a-z](?:-?[a-z0-9]){2,})(\.yaml|\.d)$/;

interface Entry {
  readonly order: number;
  readonly label: string;
  readonly path: string;
  readonly isDir: boolean;
}

async function listEntries(dir: string): Promise<Entry[]> {
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: Entry[] = [];
  for (const dirent of names) {
    const m = NAME.exec(dirent.name);
    if (!m) {
      if (dirent.name.endsWith('.yaml') || dirent.isDirectory()) {
        throw new FormatError(
          `invalid layer filename: ${JSON.stringify(dirent.name)} (must look like "123-some-label.yaml")`,
        );
      }
      continue;
    }
    const isDir = m[3] === '.d';
    if (isDir !== dirent.isDirectory()) continue;
    out.push({ order: Number(m[1]), label: m[2] ?? '', path: join(dir, dirent.name), isDir });
  }
  const seen = new Map<number, string>();
  for (const e of out) {
    const prev = seen.get(e.order);
    if (prev !== undefined) {
      throw new FormatError(
        `invalid layer filename: ${JSON.stringify(e.label)} not unique (have ${JSON.stringify(prev)} already)`,
      );
    }
    seen.set(e.order, e.label);
  }
  return out.sort((a, b) => a.order - b.order);
}

/** Loads every layer under `dir` in order. A missing directory yields no layers. */
export async function readLayersDir(dir: string): Promise<Layer[]> {
  const layers: Layer[] = [];
  const labels = new Set<string>();
  for (const entry of await listEntries(dir)) {
    const files = entry.isDir
      ? (await listEntries(entry.path)).map((sub) => ({
          order: entry.order * 1000 + sub.order,
          label: `${entry.label}/${sub.label}`,
          path: sub.path,
        }))
      : [{ order: entry.order * 1000, label: entry.label, path: entry.path }];
    for (const file of files) {
      if (labels.has(file.label)) {
        throw new FormatError(`invalid layer filename: ${JSON.stringify(file.label)} not unique`);
      }
      labels.add(file.label);
      layers.push(parseLayer(file.order, file.label, await readFile(file.path, 'utf8')));
    }
  }
  return layers;
}
