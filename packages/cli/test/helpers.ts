/**
 * @module Test helpers: run the real `bin/charmkit.js` as a child process (never in-process,
 * never spawnSync) with a temp `CHARMKIT_HOME`, and wait for conditions by bounded polling.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/charmkit.js', import.meta.url));
export const KV = fileURLToPath(new URL('../../controller/test/fixtures/kv', import.meta.url));

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A short state directory: the controller's socket path must stay under 107 bytes. */
export function tempHome(): string {
  return mkdtempSync(join('/tmp', 'ck-'));
}

/** Runs `charmkit <args>` with `CHARMKIT_HOME=home` (and `input` on stdin); collects its output. */
export function charmkit(home: string, args: readonly string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CHARMKIT_HOME: home },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(200);
  }
}
