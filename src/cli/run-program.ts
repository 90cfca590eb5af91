import { describeError, isCbtestError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { CommandContext } from './command-context.js';
import type { SessionIo } from '../run/view.js';
import { shellSplitHint } from './expect-split-hint.js';

// A bug, not a user mistake: distinct from every contract code (sysexits' EX_SOFTWARE).
const INTERNAL_ERROR = 70;

/** The command line past `--version`: commander with the invoked command loaded, errors mapped to exit codes. */
export async function runProgram(argv: string[], io: SessionIo, version: string): Promise<number> {
  const [{ Command, CommanderError }, { COMMAND_NAMES, registerCommands }, { readInvocation }] = await Promise.all([
    import('commander'),
    import('./register-commands.js'),
    import('./invocation.js'),
  ]);
  let exitCode: number = ExitCode.ok;
  let commanderMessage = '';
  const context: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  const program = new Command('cbtest')
    .description('Test HTTP callbacks (webhooks): receive them, fire the request that causes them, assert, exit with a code CI trusts.')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => {
        commanderMessage += text;
      },
    });
  const args = await registerCommands(program, context, readInvocation(argv.slice(2), COMMAND_NAMES));
  program.addHelpText('after', `\nNew here? Run 'cbtest demo' to see the whole loop, then 'cbtest <command> --help'.`);
  // `cbtest listen --json | head -1`: a closed pipe ends the run like a signal would, quietly.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM');
    else process.exit(exitCode);
  });

  try {
    await program.parseAsync([...argv.slice(0, 2), ...args]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return ExitCode.ok;
      // Bare `cbtest` (or a command without its subcommand): the usage as commander laid it out, not squashed.
      if (error.code === 'commander.help') {
        io.stderr.write(commanderMessage);
        return ExitCode.usage;
      }
      const split = error.code === 'commander.excessArguments' ? shellSplitHint(argv.slice(2)) : null;
      if (split) {
        io.stderr.write(`cbtest: ${split}\n`);
        return ExitCode.usage;
      }
      const message = (commanderMessage || error.message).replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
      // A typo inside a command is answered by that command's help, where its flags are.
      const command = argv.slice(2).find((word) => program.commands.some((candidate) => candidate.name() === word));
      io.stderr.write(`cbtest: ${message}; see 'cbtest ${command ? `${command} ` : ''}--help'\n`);
      return ExitCode.usage;
    }
    if (isCbtestError(error)) {
      io.stderr.write(`cbtest: ${describeError(error)}\n`);
      return error.exitCode;
    }
    io.stderr.write(`cbtest: internal error, please report it with this trace:\n${(error as Error).stack ?? String(error)}\n`);
    return INTERNAL_ERROR;
  }
}
