/**
 * @module Import time of `@charmkit/ops` in a fresh process (Python's `import ops`: 172 ms
 * on this class of machine), from source (Node strips types) and from an esbuild bundle.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Sample } from './measure.ts';
import { summarise } from './measure.ts';

const ITERATIONS = 20;

function importTimes(script: string): number[] {
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS + 2; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    if (i >= 2) samples.push(Number(out.trim()));
  }
  return samples;
}

export async function run(): Promise<Sample[]> {
  const dir = mkdtempSync(join(tmpdir(), 'charmkit-bench-'));
  const entry = join(dir, 'entry.ts');
  const source = new URL('../packages/ops/src/index.ts', import.meta.url).pathname;
  writeFileSync(entry, `export * from ${JSON.stringify(source)};\n`);
  const bundle = join(dir, 'ops.js');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outdir: dir,
    entryNames: 'ops',
    splitting: true,
    logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const timed = (spec: string): string =>
    `const t=performance.now(); await import(${JSON.stringify(spec)}); console.log(performance.now()-t)`;
  const sourceUrl = new URL('../packages/ops/src/index.ts', import.meta.url).href;
  return [
    summarise(
      'import @charmkit/ops (source, Node type stripping)',
      'ms',
      importTimes(timed(sourceUrl)),
      'Python `import ops`: 172 ms',
    ),
    summarise(
      'import @charmkit/ops (esbuild bundle)',
      'ms',
      importTimes(timed(`file://${bundle}`)),
      'Python `import ops`: 172 ms',
    ),
  ];
}
