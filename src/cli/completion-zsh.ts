import type { CompletionCommand, CompletionFlag, CompletionTree } from './completion-tree.js';

// Descriptions go inside '…[…]' specs: keep them free of the characters that would end one.
const clean = (text: string): string => text.replace(/[[\]]/g, (bracket) => (bracket === '[' ? '(' : ')')).replace(/[:'"`$\\]/g, '');

function flagSpecs(flag: CompletionFlag): string[] {
  const value = flag.choices ? `:value:(${flag.choices.join(' ')})` : flag.file ? ':file:_files' : flag.takesValue ? ':value: ' : '';
  return flag.names.map((name) => `'${flag.repeatable ? '*' : ''}${name}[${clean(flag.summary)}]${value}'`);
}

function commandCase(command: CompletionCommand): string {
  const positional = command.args.kind === 'files' ? ["'*:file:_files'"] : command.args.kind === 'words' ? [`'1:value:(${command.args.words.join(' ')})'`] : [];
  const specs = [...command.flags.flatMap(flagSpecs), ...positional];
  return `    ${command.name})\n      _arguments ${specs.join(' \\\n        ')} ;;`;
}

/** A zsh completion function (`_arguments` per command), loadable with compdef or from $fpath. */
export function renderZshCompletion(tree: CompletionTree): string {
  const name = tree.program;
  const described = tree.commands.map((command) => `    '${command.name}:${clean(command.summary)}'`).join('\n');
  return `#compdef ${name}
# zsh completion for ${name}, generated from its commands and flags by '${name} completion zsh'.
# Load it now: source <(${name} completion zsh)
# Or for every shell: ${name} completion zsh > "\${fpath[1]}/_${name}"
_${name}() {
  local -a commands
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands '${name} command' commands
    return
  fi
  local command=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $command in
${tree.commands.map(commandCase).join('\n')}
  esac
}
if [ "$funcstack[1]" = "_${name}" ]; then _${name} "$@"; else compdef _${name} ${name}; fi
`;
}
