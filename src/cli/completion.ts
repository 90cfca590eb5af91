import { Argument, Command } from 'commander';
import { renderBashCompletion } from './completion-bash.js';
import { renderFishCompletion } from './completion-fish.js';
import { describeCompletionTree, type CompletionTree } from './completion-tree.js';
import { renderZshCompletion } from './completion-zsh.js';
import type { CommandContext } from './command-context.js';

/** The shells by name: adding one is a renderer and a line. */
const SHELLS: Readonly<Record<string, (tree: CompletionTree) => string>> = { bash: renderBashCompletion, zsh: renderZshCompletion, fish: renderFishCompletion };

export function registerCompletion(program: Command, context: CommandContext): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish, generated from the commands and their flags')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(Object.keys(SHELLS)))
    .addHelpText(
      'after',
      `
Examples:
  source <(cbtest completion bash)                  this bash session
  cbtest completion bash > ~/.local/share/bash-completion/completions/cbtest
  cbtest completion zsh > "\${fpath[1]}/_cbtest"
  cbtest completion fish > ~/.config/fish/completions/cbtest.fish`,
    )
    .action(async (shell: string) => {
      // The script lists every command's flags, so every command is loaded here (and only here).
      const { registerCommands } = await import('./register-commands.js');
      const full = new Command(program.name()).option('-v, --version', 'output the version number');
      await registerCommands(full, context, { command: null, args: [] }, true);
      context.io.stdout.write(SHELLS[shell]!(describeCompletionTree(full)));
      context.setExitCode(0);
    });
}
