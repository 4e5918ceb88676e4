/**
 * Shell completion: the generated bash script, run by a real bash, completes verbs and the
 * flags of the verb being typed; the zsh script is checked by `zsh -n` where zsh exists.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bashCompletion, zshCompletion } from '../src/commands/completion.ts';
import { CliContext } from '../src/context.ts';
import { buildProgram } from '../src/main.ts';
import { tempHome } from './helpers.ts';

const program = buildProgram(
  new CliContext({
    stateDir: tempHome(),
    env: {},
    io: { stdout: () => undefined, stderr: () => undefined, stdoutIsTty: false },
  }),
);

function shell(
  command: string,
  args: readonly string[],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function complete(words: readonly string[]): Promise<string[]> {
  const script = join(tempHome(), 'charmkit.bash');
  writeFileSync(script, bashCompletion(program));
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const { out } = await shell('bash', [
    '-c',
    `source ${script}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _charmkit; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  return out.trim().split('\n').filter(Boolean).sort();
}

describe('completion', () => {
  it('completes verbs, aliases included', async () => {
    expect(await complete(['charmkit', 'remove-'])).toEqual([
      'remove-application',
      'remove-relation',
      'remove-secret',
      'remove-unit',
    ]);
    expect(await complete(['charmkit', 'resolv'])).toEqual(['resolve', 'resolved']);
  });

  it('completes the flags of the verb being typed', async () => {
    expect(await complete(['charmkit', 'deploy', '--res'])).toEqual(['--resource']);
    expect(await complete(['charmkit', 'run', '--w'])).toEqual(['--wait']);
  });

  it('writes a zsh script that zsh accepts', async () => {
    const script = zshCompletion(program);
    expect(script).toMatch(/^#compdef charmkit/);
    expect(script).toContain("'deploy:Deploy a local charm");
    const file = join(tempHome(), '_charmkit');
    writeFileSync(file, script);
    const zsh = await shell('sh', ['-c', `command -v zsh >/dev/null || exit 77; zsh -n ${file}`]);
    expect([0, 77]).toContain(zsh.code);
  });
});
