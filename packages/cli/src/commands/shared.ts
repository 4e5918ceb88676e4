/**
 * @module Options and helpers every verb shares, defined once: `--model`/`-m`, `--format`,
 * and the `Examples:` block of `--help`.
 */
import { Option } from 'commander';
import type { Command } from 'commander';

/** `-m, --model <ref>`: accepted right after the verb or anywhere after it. */
export function modelOption(): Option {
  return new Option(
    '-m, --model <model>',
    'model to operate in (name, admin/name, charmkit:name or charmkit:admin/name)',
  );
}

/** `--format <f>` limited to `choices`, defaulting to the first. */
export function formatOption(choices: readonly string[]): Option {
  return new Option('--format <format>', 'output format').choices(choices).default(choices[0]);
}

/** Adds juju-style examples after the option list of `--help`. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `    ${l}`).join('\n')}\n`);
}

/** Options every model verb gets, typed. */
export interface ModelOptions {
  readonly model?: string;
}
