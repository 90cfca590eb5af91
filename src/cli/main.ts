import { readFileSync } from 'node:fs';
import { describeError, isCbtestError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { processIo, type CommandContext } from './command-context.js';
import { shellSplitHint } from './expect-split-hint.js';

// A bug, not a user mistake: distinct from every contract code (sysexits' EX_SOFTWARE).
const INTERNAL_ERROR = 70;

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the command line and returns the exit code; the launcher sets process.exitCode with it. */
export async function main(argv: string[], io = processIo()): Promise<number> {
  // `cbtest --version` is what scripts call to check the install: answer it before loading the command line parser.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-v')) {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const { Command, CommanderError } = await import('commander');
  const { registerCommands } = await import('./register-commands.js');
  let exitCode: number = ExitCode.ok;
  let commanderMessage = '';
  const context: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  const program = new Command('cbtest')
    .description('Test HTTP callbacks (webhooks): receive them, fire the request that causes them, assert, exit with a code CI trusts.')
    .version(packageVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => {
        commanderMessage += text;
      },
    });
  registerCommands(program, context);
  program.addHelpText('after', `\nNew here? Run 'cbtest demo' to see the whole loop, then 'cbtest <command> --help'.`);
  // `cbtest listen --json | head -1`: a closed pipe ends the run like a signal would, quietly.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM');
    else process.exit(exitCode);
  });

  try {
    await program.parseAsync(argv);
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
