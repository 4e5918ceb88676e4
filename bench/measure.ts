/**
 * @module Tiny benchmark helpers: run a function many times, report the median and spread.
 * Medians, not means: these machines are noisy.
 */
import { performance } from 'node:perf_hooks';

export interface Sample {
  readonly name: string;
  readonly unit: 'ms' | 'MB/s' | 'MB' | '/s';
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly n: number;
  /** What it is compared with, e.g. "goal ≤ 0.8 ms; Python ops.testing 8.3 ms". */
  readonly baseline?: string;
}

/** Times `fn` (sync or async) `iterations` times after `warmup` untimed runs; returns ms samples. */
export async function time(
  fn: () => unknown,
  options: { iterations: number; warmup?: number },
): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? 3); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Summarises samples (any unit) by median and 10th/90th percentiles. */
export function summarise(
  name: string,
  unit: Sample['unit'],
  samples: readonly number[],
  baseline?: string,
): Sample {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    name,
    unit,
    median: at(0.5),
    p10: at(0.1),
    p90: at(0.9),
    n: sorted.length,
    ...(baseline ? { baseline } : {}),
  };
}

/** Renders samples as a Markdown table for docs/performance.md. */
export function toMarkdown(samples: readonly Sample[]): string {
  const fmt = (v: number): string =>
    v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3);
  const rows = samples.map(
    (s) =>
      `| ${s.name} | ${fmt(s.median)} ${s.unit} | ${fmt(s.p10)}–${fmt(s.p90)} | ${s.n} | ${s.baseline ?? ''} |`,
  );
  return [
    '| benchmark | median | p10–p90 | n | baseline / goal |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
