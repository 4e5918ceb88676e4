/**
 * @module `npm run bench`: runs every `*.bench.ts` in this folder (or those named on the
 * command line) one after another and prints one Markdown table for docs/performance.md.
 */
import { readdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { Sample } from './measure.ts';
import { toMarkdown } from './measure.ts';

interface BenchModule {
  run(): Promise<Sample[]>;
}

const here = new URL('.', import.meta.url);
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter(
  (f) => f.endsWith('.bench.ts') && (wanted.length === 0 || wanted.some((w) => f.includes(w))),
);
const results: Sample[] = [];
for (const file of files.sort()) {
  process.stderr.write(`running ${file}\n`);
  const mod = (await import(new URL(file, here).href)) as BenchModule;
  results.push(...(await mod.run()));
}
const cpu = cpus()[0]?.model ?? 'unknown cpu';
process.stdout.write(
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n`,
);
process.stdout.write(`${toMarkdown(results)}\n`);
