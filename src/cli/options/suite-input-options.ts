import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SecretIo } from '../../core/secret-value.js';
import { parseSecretFlags, parseVarFlags, parseVarsFile } from '../../suite/index.js';
import { readText } from '../../suite/read-suite-file.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--var K=V`, `--vars-file F`, `--secret K=V` for `cbtest run`: what a suite's `${{ }}` can see from outside. */
export function addSuiteInputOptions(command: Command): Command {
  return command
    .option('--var <name=value>', 'a var for ${{ name }}: JSON when it parses (42, true, {"a":1}), else text; beats the suite\'s vars (repeatable)', collect)
    .option('--vars-file <file>', 'vars from a YAML or JSON map; --var beats it')
    .option('--secret <name=value>', 'a secret for ${{ name }}: a literal, env:NAME or @file; redacted everywhere (repeatable)', collect);
}

export interface SuiteInputOptions {
  vars: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** Reads the flags (and the vars file) once; `--var` beats `--vars-file`, both beat the suites' own vars. */
export function parseSuiteInputOptions(raw: Record<string, unknown>, env: SecretIo['env']): SuiteInputOptions {
  const file = typeof raw.varsFile === 'string' ? parseVarsFile(raw.varsFile, readText(raw.varsFile, `--vars-file ${raw.varsFile}`)) : {};
  const vars = { ...file, ...parseVarFlags((raw.var as string[] | undefined) ?? []) };
  const secrets = parseSecretFlags((raw.secret as string[] | undefined) ?? [], { env, readFile: (path) => readFileSync(path, 'utf8') });
  return { vars, secrets };
}
