/**
 * @module The files `charmcraft pack` derives from `charmcraft.yaml`: `metadata.yaml`,
 * `config.yaml` and `actions.yaml`. Python `ops` reads only these three (never
 * `charmcraft.yaml`), so a charm deployed from its source directory gets them written into
 * its store copy, as a packed charm would carry them. Files the charm ships win.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** Keys only charmcraft reads (build and publishing), left out of `metadata.yaml`. */
const CHARMCRAFT_ONLY = new Set([
  'type',
  'base',
  'bases',
  'build-base',
  'platforms',
  'parts',
  'charm-libs',
  'charmhub',
  'analysis',
  'config',
  'actions',
]);

/** Writes the derived files into `dir` (the charm's store copy) where they are missing. */
export function writeLegacyMetadata(dir: string): void {
  const source = join(dir, 'charmcraft.yaml');
  if (!existsSync(source)) return;
  const doc = parse(readFileSync(source, 'utf8')) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object') return;
  const metadata = Object.fromEntries(Object.entries(doc).filter(([k]) => !CHARMCRAFT_ONLY.has(k)));
  writeMissing(join(dir, 'metadata.yaml'), metadata);
  if (doc.config !== undefined) writeMissing(join(dir, 'config.yaml'), doc.config);
  if (doc.actions !== undefined) writeMissing(join(dir, 'actions.yaml'), doc.actions);
}

function writeMissing(path: string, value: unknown): void {
  if (existsSync(path)) return;
  writeFileSync(
    path,
    `# Written by Charmkit from charmcraft.yaml, as charmcraft pack does.\n${stringify(value)}`,
  );
}
