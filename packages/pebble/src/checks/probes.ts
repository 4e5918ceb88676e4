/**
 * @module The three check kinds (pebble-api.md §4.1): http (2xx), tcp (connect), exec
 * (exit 0), each bounded by the effective timeout, failing with Pebble's error details.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Check, Service } from '../plan/types.ts';
import { DEFAULT_CHECK_PERIOD_MS, DEFAULT_CHECK_TIMEOUT_MS } from '../plan/types.ts';
import { formatDuration } from '../util/duration.ts';
import { splitWords } from '../util/shlex.ts';

/** The timeout a probe actually gets: the check timeout capped at its period. */
export function effectiveTimeout(check: Check): number {
  const period = check.period ?? DEFAULT_CHECK_PERIOD_MS;
  return Math.min(check.timeout ?? DEFAULT_CHECK_TIMEOUT_MS, period);
}

function firstLines(text: string, n: number, fromEnd: boolean): string {
  const lines = text.split('\n').filter((l) => l !== '');
  return (fromEnd ? lines.slice(-n) : lines.slice(0, n)).join('\n');
}

async function httpProbe(check: NonNullable<Check['http']>, signal: AbortSignal): Promise<void> {
  const res = await fetch(check.url ?? '', { headers: check.headers ?? {}, signal });
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel();
    return;
  }
  const body = firstLines((await res.text()).slice(0, 4096), 5, false);
  throw new Error(`non-2xx status code ${res.status}${body ? `; ${body}` : ''}`);
}

function tcpProbe(check: NonNullable<Check['tcp']>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const host = check.host || 'localhost';
    const sock = connect({ port: check.port ?? 0, host, signal });
    sock.once('connect', () => {
      sock.destroy();
      resolve();
    });
    sock.once('error', (err) =>
      reject(new Error(`dial tcp ${host}:${check.port}: ${err.message}`)),
    );
  });
}

function execProbe(
  check: NonNullable<Check['exec']>,
  service: Service | undefined,
  signal: AbortSignal,
): Promise<void> {
  const [file, ...args] = splitWords(check.command ?? '');
  const env = { ...process.env, ...service?.environment, ...check.environment };
  const cwd = check['working-dir'] || service?.['working-dir'] || undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(file ?? '', args, { env, cwd, signal, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-512);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (err) => reject(err));
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const tail = firstLines(output, 5, true);
      reject(new Error(`exit status ${code ?? -1}${tail ? `; ${tail}` : ''}`));
    });
  });
}

/** Runs one probe of `check`; throws with the failure details. */
export async function runProbe(check: Check, service: Service | undefined): Promise<void> {
  const timeoutMs = effectiveTimeout(check);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    if (check.http) await httpProbe(check.http, signal);
    else if (check.tcp) await tcpProbe(check.tcp, signal);
    else if (check.exec) await execProbe(check.exec, service, signal);
  } catch (err) {
    if (signal.aborted) throw new Error(`check timed out after ${formatDuration(timeoutMs)}`);
    throw err;
  }
}

/** `HTTP`, `TCP` or `exec`, as in change summaries. */
export function checkKindName(check: Check): string {
  return check.http ? 'HTTP' : check.tcp ? 'TCP' : 'exec';
}
