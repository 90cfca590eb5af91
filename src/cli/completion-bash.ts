import type { CompletionCommand, CompletionFlag, CompletionTree } from './completion-tree.js';

const words = (list: readonly string[]): string => `'${list.join(' ')}'`;
const flagNames = (flags: readonly CompletionFlag[], which: (flag: CompletionFlag) => boolean = () => true) => flags.filter(which).flatMap((flag) => flag.names);

function commandCase(command: CompletionCommand): string {
  const positional = command.args.kind === 'files' ? 'files' : command.args.kind === 'words' ? command.args.words.join(' ') : '';
  return [
    `    ${command.name})`,
    `      flags=${words(flagNames(command.flags))}`,
    `      valued=${words(flagNames(command.flags, (flag) => flag.takesValue))}`,
    `      files=${words(flagNames(command.flags, (flag) => flag.file))}`,
    `      positional=${words(positional === '' ? [] : [positional])} ;;`,
  ].join('\n');
}

function choiceCases(tree: CompletionTree): string {
  return tree.commands
    .flatMap((command) => command.flags.filter((flag) => flag.choices).flatMap((flag) => flag.names.map((name) => `    '${command.name} ${name}') COMPREPLY=($(compgen -W ${words(flag.choices!)} -- "$cur")); return ;;`)))
    .join('\n');
}

/** A bash completion function: commands, then each command's flags, choices and file values. */
export function renderBashCompletion(tree: CompletionTree): string {
  const name = tree.program;
  const top = [...tree.commands.map((command) => command.name), ...flagNames(tree.flags)];
  return `# bash completion for ${name}, generated from its commands and flags by '${name} completion bash'.
# Load it now: source <(${name} completion bash)
# Or for every shell: ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
_${name}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in -*) ;; *) command=\${COMP_WORDS[i]}; break ;; esac
  done
  local flags= valued= files= positional=
  case $command in
    '') COMPREPLY=($(compgen -W ${words(top)} -- "$cur")); return ;;
${tree.commands.map(commandCase).join('\n')}
    *) return ;;
  esac
  case "$command $prev" in
${choiceCases(tree)}
  esac
  # The value of a flag: a path where the flag takes one, else nothing to guess.
  if [[ " $files " == *" $prev "* ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi
  if [[ " $valued " == *" $prev "* ]]; then COMPREPLY=(); return; fi
  if [[ $cur == -* || -z $positional ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur")); return; fi
  if [[ $positional == files ]]; then COMPREPLY=($(compgen -f -- "$cur")); else COMPREPLY=($(compgen -W "$positional" -- "$cur")); fi
}
complete -o default -F _${name} ${name}
`;
}
