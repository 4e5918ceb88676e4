/**
 * @module The single choke point through which the SDK runs a Juju hook tool, and the
 * mapping of a tool's failure to a typed error exactly as ops does it (ops-protocol.md §2.1).
 */
import { spawnSync } from 'node:child_process';
import { ModelError, RelationNotFoundError, SecretNotFoundError } from '../errors.ts';

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** What running one tool produced: its exit status and output. */
export interface ToolExecution {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one hook tool synchronously. The default spawns the executable; the Charmkit agent's
 * fast path supplies one that sends the same argv to the agent over its socket instead.
 */
export type ToolExecutor = (tool: string, args: readonly string[], input?: string) => ToolExecution;

export interface RunToolOptions {
  /** Written to the tool's stdin (relation-set/state-set `--file -`). */
  readonly input?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces spawning the executable (the agent fast path). */
  readonly execute?: ToolExecutor | undefined;
}

/**
 * Runs `tool args…` synchronously (hook tools are short and the Backend is synchronous) and
 * returns its output; a non-zero exit becomes a typed error carrying the tool's stderr.
 */
export function runTool(
  tool: string,
  args: readonly string[],
  options: RunToolOptions = {},
): ToolResult {
  if (options.execute) {
    const result = options.execute(tool, args, options.input);
    if (result.status !== 0) throw toolError(tool, result.stderr, result.status);
    return { stdout: result.stdout, stderr: result.stderr };
  }
  const result = spawnSync(tool, args, {
    input: options.input,
    env: options.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `hook tool ${tool} not found on PATH: is this running under Juju?`
        : `cannot run hook tool ${tool}: ${result.error.message}`;
    throw new ModelError(message, { cause: result.error, code: 'hook-tool' });
  }
  if (result.status !== 0) {
    throw toolError(tool, result.stderr, result.status);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Maps a failed tool to the error ops raises for the same stderr. */
export function toolError(tool: string, stderr: string, status: number | null): ModelError {
  const lower = stderr.toLowerCase();
  const text = stderr.trim() || `${tool} exited with status ${status ?? 'unknown'}`;
  if (
    (tool.startsWith('relation-') || tool.startsWith('network-')) &&
    lower.includes('relation not found')
  ) {
    return new RelationNotFoundError(text, { stderr });
  }
  if (tool.startsWith('secret-') && lower.includes('not found')) {
    return new SecretNotFoundError(text, { stderr });
  }
  return new ModelError(text, { stderr });
}

/** `runTool` then `JSON.parse` of stdout, with the tool named when Juju printed something else. */
export function runToolJson(
  tool: string,
  args: readonly string[],
  options: RunToolOptions = {},
): unknown {
  const { stdout } = runTool(tool, args, options);
  const text = stdout.trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelError(`${tool} printed output that is not JSON: ${text.slice(0, 200)}`, {
      cause: error,
      code: 'hook-tool',
    });
  }
}
