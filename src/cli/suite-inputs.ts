import { UsageError } from '../core/errors.js';
import { createScope, resolveTemplate, type SuiteFile } from '../suite/index.js';
import { readSuiteFile } from '../suite/read-suite-file.js';
import { receiverAsFlags } from '../suite/receiver-flags.js';
import { parseSuiteInputOptions } from './options/suite-input-values.js';
import type { RawOptions } from './shared-options.js';

/** Reads every suite with --var/--vars-file/--secret applied and --filter narrowing its cases: all errors before any case runs. */
export function loadSuites(paths: string[], raw: RawOptions, env: NodeJS.ProcessEnv): SuiteFile[] {
  const { vars, secrets } = parseSuiteInputOptions(raw, env);
  const filter = raw.filter === undefined ? null : String(raw.filter);
  const files = paths.map((path) => readSuiteFile(path, { env, vars, secrets }));
  const narrowed = files.map((file) => ({ ...file, cases: filter === null ? file.cases : file.cases.filter((item) => item.name.includes(filter)) }));
  assertSomeCases(narrowed.reduce((sum, file) => sum + file.cases.length, 0), filter);
  return narrowed.filter((file) => file.cases.length > 0).map((file) => ({ ...file, secretValues: [...file.secretValues, ...Object.values(secrets)] }));
}

/**
 * The one receiver's flags: the command line's, and for what it leaves at its default the suites' `receiver:` blocks
 * (files that disagree on a value are exit 2: there is only one receiver).
 */
export function withSuiteReceiver(files: SuiteFile[], raw: RawOptions, isDefault: (key: string) => boolean, env: NodeJS.ProcessEnv): RawOptions {
  const merged: RawOptions = { ...raw };
  const from: Record<string, string> = {};
  for (const file of files) {
    const flags = receiverAsFlags(resolveTemplate(file.receiver, createScope(file, env, {}, '')) as Record<string, unknown>);
    for (const [key, value] of Object.entries(flags)) {
      if (raw[key] !== undefined && !isDefault(key)) continue;
      if (from[key] !== undefined && JSON.stringify(merged[key]) !== JSON.stringify(value)) {
        throw new UsageError(`${file.path}: receiver.${key} differs from ${from[key]}'s`, 'the files share one receiver: give the value once, or on the command line');
      }
      merged[key] = value;
      from[key] = file.path;
    }
  }
  return merged;
}

function assertSomeCases(count: number, filter: string | null): void {
  if (count === 0) throw new UsageError(filter === null ? 'the suites hold no cases' : `no case name contains '${filter}'`, 'check --filter and the files');
}
