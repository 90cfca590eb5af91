import { readFileSync } from 'node:fs';
import type { SecretIo } from '../../core/secret-value.js';
import { parseSecretFlags, parseVarFlags, parseVarsFile } from '../../suite/var-flags.js';
import { readText } from '../../suite/read-suite-file.js';

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
