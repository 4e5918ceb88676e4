/**
 * @module `charmkit-typegen <charm-dir> [--out FILE] [--check]`: writes (or, with `--check`,
 * verifies) the charm's `metadata.generated.ts`. `--check` exits 1 when the file is stale,
 * for CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCharmMeta } from './load.ts';
import { renderMetadataModule } from './typegen.ts';

const USAGE = `usage: charmkit-typegen [CHARM_DIR] [--out FILE] [--check]

Generates src/metadata.generated.ts from charmcraft.yaml (or metadata.yaml, config.yaml
and actions.yaml) so config keys, endpoints, containers and action params are typed.

  --out FILE   where to write (default: CHARM_DIR/src/metadata.generated.ts)
  --check      do not write; exit 1 if FILE is missing or out of date

example: charmkit-typegen examples/charms/hello-web --check`;

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`charmkit-typegen: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const charmDir = resolve(parsed.positionals[0] ?? '.');
  const out = resolve(parsed.values.out ?? resolve(charmDir, 'src', 'metadata.generated.ts'));
  let text: string;
  try {
    text = renderMetadataModule(loadCharmMeta(charmDir));
  } catch (error) {
    process.stderr.write(`charmkit-typegen: ${(error as Error).message}\n`);
    return 1;
  }
  if (parsed.values.check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      process.stderr.write(
        `charmkit-typegen: ${out} is out of date; run charmkit-typegen ${charmDir}\n`,
      );
      return 1;
    }
    return 0;
  }
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
  return 0;
}
