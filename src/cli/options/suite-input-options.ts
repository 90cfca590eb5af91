import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

// Only the flags: reading them (suite/, yaml) loads with `cbtest run`'s action, so other commands start without it.
/** `--var K=V`, `--vars-file F`, `--secret K=V` for `cbtest run`: what a suite's `${{ }}` can see from outside. */
export function addSuiteInputOptions(command: Command): Command {
  return command
    .option('--var <name=value>', 'a var for ${{ name }}: JSON when it parses (42, true, {"a":1}), else text; beats the suite\'s vars (repeatable)', collect)
    .option('--vars-file <file>', 'vars from a YAML or JSON map; --var beats it')
    .option('--secret <name=value>', 'a secret for ${{ name }}: a literal, env:NAME or @file; redacted everywhere (repeatable)', collect);
}
