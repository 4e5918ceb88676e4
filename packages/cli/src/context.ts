/**
 * @module What every verb is given: the state directory, where output goes, the API client
 * and the current model (kept in `<stateDir>/cli.json`, like juju's `models.yaml`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from './api-client.ts';
import { CliError } from './errors.ts';
import { modelName } from './model-ref.ts';

/** Where the CLI writes: stdout carries only the payload, stderr everything else. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
}

interface CliState {
  readonly 'current-model'?: string;
}

/**
 * The controller's state directory: `$CHARMKIT_HOME`, else `$XDG_DATA_HOME/charmkit`, else
 * `/var/lib/charmkit` for root, else `~/.local/share/charmkit`. Mirrors `defaultStateDir` of `@charmkit/controller` (a test
 * keeps them equal) so that a CLI call does not load the whole controller (~0.5 s).
 */
export function stateDirFrom(env: NodeJS.ProcessEnv): string {
  if (env.CHARMKIT_HOME) return env.CHARMKIT_HOME;
  if (!env.XDG_DATA_HOME && process.getuid?.() === 0) return '/var/lib/charmkit';
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'charmkit');
}

export class CliContext {
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly io: Io;
  readonly client: ApiClient;

  constructor(options: { stateDir: string; env: NodeJS.ProcessEnv; io: Io }) {
    this.stateDir = options.stateDir;
    this.env = options.env;
    this.io = options.io;
    this.client = new ApiClient(this.socketPath);
  }

  get socketPath(): string {
    return join(this.stateDir, 'controller.socket');
  }

  get pidFile(): string {
    return join(this.stateDir, 'controller.pid');
  }

  get #stateFile(): string {
    return join(this.stateDir, 'cli.json');
  }

  /** Writes one line (a newline is added) to stdout. */
  out(line: string): void {
    this.io.stdout(line.endsWith('\n') ? line : `${line}\n`);
  }

  /** Writes one line (a newline is added) to stderr. */
  info(line: string): void {
    this.io.stderr(line.endsWith('\n') ? line : `${line}\n`);
  }

  /** The model `switch` selected, if any. */
  currentModel(): string | undefined {
    let text: string;
    try {
      text = readFileSync(this.#stateFile, 'utf8');
    } catch {
      // No file yet: no model was ever selected.
      return undefined;
    }
    try {
      return (JSON.parse(text) as CliState)['current-model'];
    } catch (cause) {
      throw new CliError('invalid', `cannot read ${this.#stateFile}: invalid JSON`, { cause });
    }
  }

  setCurrentModel(name: string): void {
    mkdirSync(this.stateDir, { recursive: true, mode: 0o700 });
    const state: CliState = { 'current-model': name };
    writeFileSync(this.#stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  }

  /** Forgets the current model (it was destroyed). */
  clearCurrentModel(): void {
    mkdirSync(this.stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(this.#stateFile, '{}\n', { mode: 0o600 });
  }

  /**
   * The model a verb acts on: `--model <ref>` if given, else the current model.
   * @throws {CliError} when neither names one, or the reference is malformed.
   */
  model(ref: string | undefined): string {
    if (ref !== undefined) return modelName(ref);
    const current = this.currentModel();
    if (current === undefined)
      throw new CliError(
        'not-found',
        "no current model, use 'charmkit switch' or --model to select one",
      );
    return current;
  }
}
