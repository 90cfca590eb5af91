import { CommanderError } from 'commander';
import { describeError, isCbtestError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import type { SessionIo } from '../run/view.js';
import { shellSplitHint } from './expect-split-hint.js';

// A bug, not a user mistake: distinct from every contract code (sysexits' EX_SOFTWARE).
const INTERNAL_ERROR = 70;

interface FailureFacts {
  io: SessionIo;
  argv: readonly string[];
  /** What commander wrote to stderr for this failure. */
  commanderMessage: string;
  commandNames: readonly string[];
}

/** One clear line on stderr for a run that failed, and its exit code: usage (2), the error's own, or a bug (70). */
export function exitCodeForFailure(error: unknown, facts: FailureFacts): number {
  if (error instanceof CommanderError) {
    // Bare `cbtest` (or a command without its subcommand): the usage as commander laid it out, not squashed.
    if (error.code === 'commander.help') {
      facts.io.stderr.write(facts.commanderMessage);
      return ExitCode.usage;
    }
    const split = error.code === 'commander.excessArguments' ? shellSplitHint(facts.argv.slice(2)) : null;
    if (split) {
      facts.io.stderr.write(`cbtest: ${split}\n`);
      return ExitCode.usage;
    }
    const message = (facts.commanderMessage || error.message).replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
    // A typo inside a command is answered by that command's help, where its flags are.
    const command = facts.argv.slice(2).find((word) => facts.commandNames.includes(word));
    facts.io.stderr.write(`cbtest: ${message}; see 'cbtest ${command ? `${command} ` : ''}--help'\n`);
    return ExitCode.usage;
  }
  if (isCbtestError(error)) {
    facts.io.stderr.write(`cbtest: ${describeError(error)}\n`);
    return error.exitCode;
  }
  facts.io.stderr.write(`cbtest: internal error, please report it with this trace:\n${(error as Error).stack ?? String(error)}\n`);
  return INTERNAL_ERROR;
}
