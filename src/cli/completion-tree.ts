import type { Command, Option } from 'commander';

/** One flag as a completion script needs it. */
export interface CompletionFlag {
  /** `--port`, and `-H` beside `--header`. */
  names: string[];
  summary: string;
  takesValue: boolean;
  /** The values it allows (`--cancel put|delete|none`), or null. */
  choices: readonly string[] | null;
  /** Its value is a path (`--record <file>`, `--openapi <spec>`). */
  file: boolean;
  repeatable: boolean;
}

export interface CompletionCommand {
  name: string;
  summary: string;
  flags: CompletionFlag[];
  /** What its arguments are: file paths, fixed words, or nothing to complete. */
  args: { kind: 'files' } | { kind: 'words'; words: readonly string[] } | { kind: 'none' };
}

export interface CompletionTree {
  program: string;
  flags: CompletionFlag[];
  commands: CompletionCommand[];
}

const FILE_VALUE = /<(file|spec|pem|suite)[^>]*>/;

/** The first clause of a description: enough beside a flag, no line breaks. */
function summarize(text: string): string {
  return text.split('\n')[0]!.split(/; | \(/)[0]!.trim();
}

function toFlag(option: Option): CompletionFlag {
  return {
    names: [option.short, option.long].filter((name): name is string => typeof name === 'string'),
    summary: summarize(option.description),
    takesValue: option.required || option.optional,
    choices: option.argChoices ?? null,
    file: FILE_VALUE.test(option.flags),
    // Every flag that accumulates says so in its help.
    repeatable: /repeatable/.test(option.description),
  };
}

function helpFlag(command: Command): CompletionFlag[] {
  return command.options.some((option) => option.long === '--help') ? [] : [{ names: ['-h', '--help'], summary: 'show the help', takesValue: false, choices: null, file: false, repeatable: false }];
}

/** The commander tree as plain data, so each shell's script is rendered from the same commands and flags. */
export function describeCompletionTree(program: Command): CompletionTree {
  const commands = program.commands.map((command): CompletionCommand => {
    const first = command.registeredArguments[0];
    const args = first === undefined ? { kind: 'none' as const } : first.argChoices ? { kind: 'words' as const, words: first.argChoices } : FILE_VALUE.test(`<${first.name()}>`) ? { kind: 'files' as const } : { kind: 'none' as const };
    return { name: command.name(), summary: summarize(command.summary() || command.description()), flags: [...command.options.filter((option) => !option.hidden).map(toFlag), ...helpFlag(command)], args };
  });
  commands.push({ name: 'help', summary: 'show the help of a command', flags: [], args: { kind: 'words', words: commands.map((command) => command.name) } });
  return { program: program.name(), flags: [...program.options.map(toFlag), ...helpFlag(program)], commands };
}
