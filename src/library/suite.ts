import type { SuiteTree } from '../core/suite-tree.js';
import { UsageError } from '../core/errors.js';
import { withSuiteReceiver } from '../cli/suite-inputs.js';
import { readSuiteFile } from '../suite/read-suite-file.js';
import { runSuites } from '../run/suite-runner.js';
import { availableParallelism } from 'node:os';
import { libraryDeps } from './library-deps.js';
import { toLibraryReceiver, toReceiverFlags, type ReceiverOptions } from './receiver-options.js';

export interface SuiteOptions extends ReceiverOptions {
  /** Beat the files' `vars` (`--var`); values keep their type. */
  vars?: Record<string, unknown>;
  /** Beat the files' `secrets` (`--secret`), already resolved; redacted everywhere. */
  secrets?: Record<string, string>;
  /** Only cases whose name contains this text. */
  filter?: string;
  /** Files at once (default: CPU count); cases of a file run in order. */
  jobs?: number;
  /** Stop at the first failed case; the rest are skipped. */
  bail?: boolean;
  /** Where `${{ env.NAME }}` reads from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** The results tree of `cbtest run` (the one JUnit, TAP and JSON reports are drawn from), with `pass`. */
export interface SuiteResult extends SuiteTree {
  /** Every case passed (exitCode 0). */
  pass: boolean;
}

export type { CaseResult as SuiteCaseResult, CaseStatus as SuiteCaseStatus, FileResult as SuiteFileResult } from '../core/suite-tree.js';

/** `cbtest run` as a call: every file on one receiver, the same results tree the reports are drawn from. */
export async function runSuite(paths: string | readonly string[], options: SuiteOptions = {}): Promise<SuiteResult> {
  const { vars = {}, secrets = {}, filter, jobs, bail = false, env = process.env, ...receiverOptions } = options;
  const list = typeof paths === 'string' ? [paths] : [...paths];
  if (list.length === 0) throw new UsageError('runSuite needs a suite file', "e.g. runSuite('orders.yaml')");
  const files = list
    .map((path) => readSuiteFile(path, { env, vars, secrets }))
    .map((file) => ({ ...file, cases: filter === undefined ? file.cases : file.cases.filter((item) => item.name.includes(filter)), secretValues: [...file.secretValues, ...Object.values(secrets)] }))
    .filter((file) => file.cases.length > 0);
  if (files.length === 0) throw new UsageError(filter === undefined ? 'the suites hold no cases' : `no case name contains '${filter}'`, 'check filter and the files');
  // What the caller set wins; the suites' receiver blocks fill the rest (files that disagree are a UsageError).
  const defaults = toReceiverFlags({});
  const own = toReceiverFlags(receiverOptions);
  const flags = withSuiteReceiver(files, own, (key) => JSON.stringify(own[key]) === JSON.stringify(defaults[key]), env as NodeJS.ProcessEnv);
  const { plan: receiver, redaction } = toLibraryReceiver(flags);
  const secretValues = [...new Set([...files.flatMap((file) => file.secretValues), ...redaction.secrets])];
  const plan = { files, receiver, jobs: jobs ?? availableParallelism(), bail, env, recordPath: receiverOptions.record ?? null, redaction: { ...redaction, secrets: secretValues } };
  const { tree } = await runSuites(plan, libraryDeps());
  return { ...tree, pass: tree.exitCode === 0 };
}
