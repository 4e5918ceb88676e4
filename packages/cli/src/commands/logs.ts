/**
 * @module `debug-log` (juju-semantics.md §1.2): prints the model's log as juju does
 * (`unit-kv-0: 12:00:00 INFO message`). It ends after printing unless it tails: `--tail`, or
 * stdout is a terminal and neither `--limit` nor `--no-tail` was given (jubilant needs it to end).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { count } from '../args.ts';
import type { LogEntry } from '../api-client.ts';
import type { CliContext } from '../context.ts';
import { usage } from '../errors.ts';
import { examples, modelOption } from './shared.ts';
import type { ModelOptions } from './shared.ts';

interface DebugLogOptions extends ModelOptions {
  readonly limit?: string;
  readonly lines: string;
  readonly replay?: boolean;
  readonly tail?: boolean;
  readonly level?: string;
  readonly include: readonly string[];
}

const PAGE = 10_000;
const POLL_MS = 250;
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

/** `kv/0` → `unit-kv-0`, juju's tag form. */
const tag = (entity: string): string =>
  /^[a-z][a-z0-9-]*\/\d+$/.test(entity) ? `unit-${entity.replace('/', '-')}` : entity;

/** One log entry as `juju debug-log` prints it. */
export function formatLogEntry(entry: LogEntry): string {
  const time = /T(\d{2}:\d{2}:\d{2})/.exec(entry.time)?.[1] ?? entry.time;
  return `${tag(entry.entity)}: ${time} ${entry.level.toUpperCase()} ${entry.message}`;
}

async function fetchAfter(ctx: CliContext, model: string, after: number): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  for (let page = await ctx.client.logs(model, { after, limit: PAGE }); ;) {
    all.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return all;
    page = await ctx.client.logs(model, { after: last.id, limit: PAGE });
  }
}

function filterFor(options: DebugLogOptions): (entry: LogEntry) => boolean {
  const minimum = options.level === undefined ? 0 : LEVELS.indexOf(options.level.toUpperCase());
  if (minimum < 0) throw usage(`level value "${options.level}" is not one of ${LEVELS.join(', ')}`);
  const include = options.include.map(tag);
  return (entry) =>
    LEVELS.indexOf(entry.level.toUpperCase()) >= minimum &&
    (include.length === 0 || include.includes(tag(entry.entity)));
}

async function debugLog(ctx: CliContext, options: DebugLogOptions): Promise<void> {
  const limit = options.limit === undefined ? undefined : count(options.limit, '--limit');
  const lines = count(options.lines, '--lines');
  const keep = filterFor(options);
  const model = ctx.model(options.model);
  const raw = await fetchAfter(ctx, model, 0);
  const entries = raw.filter(keep);
  const shown = options.replay || limit === 0 ? entries : entries.slice(-(limit ?? lines));
  if (shown.length > 0) ctx.io.stdout(`${shown.map(formatLogEntry).join('\n')}\n`);
  const tail = options.tail ?? (ctx.io.stdoutIsTty && limit === undefined);
  if (!tail) return;
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let after = raw.at(-1)?.id ?? 0;
  try {
    while (!stop.signal.aborted) {
      const fresh = await fetchAfter(ctx, model, after);
      after = fresh.at(-1)?.id ?? after;
      const visible = fresh.filter(keep);
      if (visible.length > 0) ctx.io.stdout(`${visible.map(formatLogEntry).join('\n')}\n`);
      // An abort ends the wait early; the loop condition then ends the tail.
      await sleep(POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Registers `debug-log`. */
export function registerLogCommands(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('debug-log')
      .description("Print the model's log (hook output, juju-log lines, agent messages).")
      .addOption(modelOption())
      .option('--limit <n>', 'print at most this many of the latest lines, then exit (0: all)')
      .option('-n, --lines <n>', 'print this many of the latest lines', '10')
      .option('--replay', 'print the whole log')
      .option('--tail', 'keep printing new lines (until interrupted)')
      .option('--no-tail', 'exit after printing')
      .option('-l, --level <level>', 'only lines at this level or above')
      .option('-i, --include <unit>', 'only lines from this unit (repeatable)', collect, [])
      .action((options: DebugLogOptions) => debugLog(ctx, options)),
    [
      'charmkit debug-log --limit 0',
      'charmkit debug-log --replay --level WARNING',
      'charmkit debug-log --tail',
    ],
  );
}
