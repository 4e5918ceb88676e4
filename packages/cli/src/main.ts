/**
 * @module The `charmkit` command: a juju-compatible CLI over the controller's API. Verbs are
 * registered per family from `commands/*.ts`; every failure ends as one `ERROR …` line on
 * stderr and a non-zero exit (juju-semantics.md §1.1: stdout carries only the payload).
 */
import { Command, CommanderError } from 'commander';
import { registerApplicationAdminCommands } from './commands/application-admin.ts';
import { registerApplicationCommands } from './commands/applications.ts';
import { registerCompletionCommands } from './commands/completion.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerConstraintCommands } from './commands/constraints.ts';
import { registerControllerCommands } from './commands/controller.ts';
import { registerExecCommands } from './commands/exec.ts';
import { registerInitCommands } from './commands/init.ts';
import { registerLogCommands } from './commands/logs.ts';
import { registerModelAdminCommands } from './commands/model-admin.ts';
import { registerScpCommands } from './commands/scp.ts';
import { registerSecretCommands } from './commands/secrets.ts';
import { registerModelCommands } from './commands/models.ts';
import { registerRelationCommands } from './commands/relations.ts';
import { registerRunCommands } from './commands/run.ts';
import { registerStatusCommands } from './commands/status.ts';
import { registerUpCommands } from './commands/up.ts';
import { registerWaitCommands } from './commands/wait.ts';
import { CliContext, stateDirFrom } from './context.ts';
import type { Io } from './context.ts';
import { CliError, ExitStatus } from './errors.ts';

/** The program with every verb registered; parsing errors surface as `CommanderError`s. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('charmkit')
    .description('Charmkit: run charms locally with a juju-compatible CLI.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
  registerControllerCommands(program, ctx);
  registerModelCommands(program, ctx);
  registerModelAdminCommands(program, ctx);
  registerConstraintCommands(program, ctx);
  registerApplicationCommands(program, ctx);
  registerApplicationAdminCommands(program, ctx);
  registerStatusCommands(program, ctx);
  registerWaitCommands(program, ctx);
  registerRelationCommands(program, ctx);
  registerConfigCommands(program, ctx);
  registerRunCommands(program, ctx);
  registerLogCommands(program, ctx);
  registerSecretCommands(program, ctx);
  registerExecCommands(program, ctx);
  registerScpCommands(program, ctx);
  registerUpCommands(program, ctx);
  registerInitCommands(program, ctx);
  registerCompletionCommands(program, ctx);
  return program;
}

/** One line: commander's "error: x\n(Did you mean y?)" becomes "x (Did you mean y?)". */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTty: process.stdout.isTTY === true,
  };
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code.
 * @example process.exitCode = await main(['status', '--format', 'json'], process.env);
 */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io = processIo(),
): Promise<number> {
  const ctx = new CliContext({ stateDir: stateDirFrom(env), env, io });
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0 || error.code === 'commander.help') return error.exitCode;
      io.stderr(`ERROR ${oneLine(error.message)}\n`);
      return 2;
    }
    if (error instanceof ExitStatus) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr(`ERROR ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`ERROR ${oneLine((error as Error).message ?? String(error))}\n`);
    return 1;
  }
}
