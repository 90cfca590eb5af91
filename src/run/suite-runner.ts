import { basename } from 'node:path';
import type { CaseResult, FileResult, SuiteTree } from '../core/suite-tree.js';
import { mostSevere } from '../core/suite-tree.js';
import type { RedactionPolicy } from '../core/redact.js';
import type { SuiteFile } from '../suite/index.js';
import type { EngineDeps } from './engine-deps.js';
import { appendRunResult } from './result.js';
import { Run } from './run.js';
import { runSuiteCase } from './suite-case.js';
import type { ReceiverPlan } from './session-plan.js';

export interface SuiteRunPlan {
  files: SuiteFile[];
  receiver: ReceiverPlan;
  /** Files run at once (cases of a file always run in order). */
  jobs: number;
  /** Stop at the first failed case; the rest are reported skipped. */
  bail: boolean;
  env: Record<string, string | undefined>;
  recordPath: string | null;
  redaction: RedactionPolicy;
  /** Events kept for a view that browses them (the dashboard); default 100. */
  historyLimit?: number;
}

export interface SuiteRunHooks {
  /** A case has its final verdict (after its retries): plain mode prints its line. */
  onCase?: (file: FileResult, result: CaseResult) => void;
}

/** `cbtest run`: one run, one receiver and one port for every file; files in parallel up to `jobs`, cases in order. */
export async function runSuites(plan: SuiteRunPlan, deps: EngineDeps, hooks: SuiteRunHooks = {}): Promise<{ tree: SuiteTree; run: Run }> {
  const run = new Run({ receiver: plan.receiver, recordPath: plan.recordPath, historyLimit: plan.historyLimit ?? 100, redaction: plan.redaction }, deps);
  const startedAt = deps.clock.now();
  const files: FileResult[] = plan.files.map((file) => ({ file: file.path, label: basename(file.path), name: file.name, cases: [] }));
  const state = { stopped: false };
  // Every case's counted callbacks, for the run's own result (the history a view keeps may have dropped some).
  let callbacks = 0;
  const stopCounting = run.store.subscribe((event) => {
    if (event.type === 'result' && event.case !== undefined) callbacks += event.callbacks;
  });
  try {
    const view = await run.attachView();
    await run.start();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < plan.files.length; index = next++) await runFile(run, plan, plan.files[index]!, files[index]!, state, hooks);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.jobs, plan.files.length)) }, worker));
    appendRunResult(run.append, { runId: run.runId, ...verdictOf(files), durationMs: deps.clock.now() - startedAt, callbacks });
    // The dashboard stays for inspection where a person can press q; every other view is done at once.
    if (run.interruptedBy !== 'quit') await view.dismissed();
  } finally {
    stopCounting();
    await run.close();
  }
  return { tree: { runId: run.runId, exitCode: verdictOf(files).exitCode, durationMs: deps.clock.now() - startedAt, files }, run };
}

function verdictOf(files: FileResult[]): { exitCode: number; reason: string | null } {
  const cases = files.flatMap((file) => file.cases.map((item) => ({ file, item })));
  const exitCode = mostSevere(cases.map(({ item }) => item.exitCode ?? 0));
  const failed = cases.filter(({ item }) => item.status === 'failed' || item.status === 'error');
  if (failed.length === 0) return { exitCode, reason: null };
  const first = failed[0]!;
  return { exitCode, reason: `${failed.length} of ${cases.length} cases failed, first ${first.file.label} › ${first.item.name}${first.item.reason ? `: ${first.item.reason}` : ''}` };
}

async function runFile(run: Run, plan: SuiteRunPlan, file: SuiteFile, result: FileResult, state: { stopped: boolean }, hooks: SuiteRunHooks): Promise<void> {
  const captures: Record<string, unknown> = {};
  for (const item of file.cases) {
    let outcome: CaseResult;
    if (state.stopped || run.interruptedBy) {
      outcome = { name: item.name, status: 'skipped', exitCode: null, durationMs: 0, attempts: 0, reason: run.interruptedBy ? 'interrupted' : 'not run: --bail after a failed case', failures: [] };
    } else {
      outcome = await runSuiteCase({ run, file, env: plan.env, captures }, item);
      if (outcome.status !== 'passed' && plan.bail) state.stopped = true;
    }
    result.cases.push(outcome);
    hooks.onCase?.(result, outcome);
  }
}
