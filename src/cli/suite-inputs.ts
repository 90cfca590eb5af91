import { readFileSync } from 'node:fs';
import { parseSecretFlags, parseVarFlags, parseVarsFile, type SuiteFile } from '../suite/index.js';
import { readSuiteFile, readText } from '../suite/read-suite-file.js';
import { UsageError } from '../core/errors.js';
import type { RawOptions } from './shared-options.js';

/** Reads every suite with --var/--vars-file/--secret applied and --filter narrowing its cases: all errors before any case runs. */
export function loadSuites(paths: string[], raw: RawOptions, env: NodeJS.ProcessEnv): SuiteFile[] {
  const fileVars = raw.varsFile === undefined ? {} : parseVarsFile(String(raw.varsFile), readText(String(raw.varsFile), `--vars-file ${String(raw.varsFile)}`));
  const vars = { ...fileVars, ...parseVarFlags((raw.var as string[] | undefined) ?? []) };
  const secrets = parseSecretFlags((raw.secret as string[] | undefined) ?? [], { env, readFile: (path) => readFileSync(path, 'utf8') });
  const filter = raw.filter === undefined ? null : String(raw.filter);
  const files = paths.map((path) => readSuiteFile(path, { env, vars, secrets }));
  const narrowed = files.map((file) => ({ ...file, cases: filter === null ? file.cases : file.cases.filter((item) => item.name.includes(filter)) }));
  assertSomeCases(narrowed.reduce((sum, file) => sum + file.cases.length, 0), filter);
  return narrowed.filter((file) => file.cases.length > 0).map((file) => ({ ...file, secretValues: [...file.secretValues, ...Object.values(secrets)] }));
}

function assertSomeCases(count: number, filter: string | null): void {
  if (count === 0) throw new UsageError(filter === null ? 'the suites hold no cases' : `no case name contains '${filter}'`, 'check --filter and the files');
}
