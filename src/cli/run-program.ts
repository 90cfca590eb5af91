import type { CommandContext } from './command-context.js';
import type { SessionIo } from '../run/view.js';

/** The command line past `--version`: commander with the invoked command loaded, errors mapped to exit codes. */
export async function runProgram(argv: string[], io: SessionIo, version: string): Promise<number> {
  const [{ Command, CommanderError }, { COMMAND_NAMES, readInvocation, registerCommands }] = await Promise.all([import('commander'), import('./register-commands.js')]);
  let exitCode = 0;
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
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    // Only a failed run pays for loading the error messages.
    const { exitCodeForFailure } = await import('./program-failure.js');
    return exitCodeForFailure(error, { io, argv, commanderMessage, commandNames: program.commands.map((command) => command.name()) });
  }
}
