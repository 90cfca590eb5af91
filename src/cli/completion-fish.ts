import type { CompletionCommand, CompletionFlag, CompletionTree } from './completion-tree.js';

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function flagLine(program: string, condition: string, flag: CompletionFlag): string {
  const names = flag.names.map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`)).join(' ');
  const value = flag.choices ? ` -x -a ${quote(flag.choices.join(' '))}` : flag.file ? ' -r -F' : flag.takesValue ? ' -x' : '';
  return `complete -c ${program} -n ${quote(condition)} ${names}${value} -d ${quote(flag.summary)}`;
}

function commandLines(program: string, command: CompletionCommand): string[] {
  const condition = `__fish_seen_subcommand_from ${command.name}`;
  const positional =
    command.args.kind === 'files'
      ? [`complete -c ${program} -n ${quote(condition)} -F`]
      : command.args.kind === 'words'
        ? [`complete -c ${program} -n ${quote(condition)} -f -a ${quote(command.args.words.join(' '))}`]
        : [];
  return [`complete -c ${program} -n __fish_use_subcommand -f -a ${command.name} -d ${quote(command.summary)}`, ...command.flags.map((flag) => flagLine(program, condition, flag)), ...positional];
}

/** fish `complete` lines: each command, then its flags under `__fish_seen_subcommand_from`. */
export function renderFishCompletion(tree: CompletionTree): string {
  const name = tree.program;
  return [
    `# fish completion for ${name}, generated from its commands and flags by '${name} completion fish'.`,
    `# Load it now: ${name} completion fish | source`,
    `# Or for every shell: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    `complete -c ${name} -e`,
    `complete -c ${name} -f`,
    ...tree.flags.map((flag) => flagLine(name, '__fish_use_subcommand', flag)),
    ...tree.commands.flatMap((command) => commandLines(name, command)),
    '',
  ].join('\n');
}
