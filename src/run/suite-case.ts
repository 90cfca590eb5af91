import { basename } from 'node:path';
import { formatTimeline } from '../core/sender-lines.js';
import type { CaseResult } from '../core/suite-tree.js';
import { statusOf } from '../core/suite-tree.js';
import type { WaitOutcome } from '../core/verdict.js';
import { createScope, type SuiteCase, type SuiteFile } from '../suite/index.js';
import type { CaseOutcome } from './case.js';
import type { Run } from './run.js';
import { runStep, type StepContext } from './suite-steps.js';

export interface SuiteCaseInputs {
  run: Run;
  file: SuiteFile;
  env: Record<string, string | undefined>;
  /** The file's captures so far: a passing case adds its own for the cases after it. */
  captures: Record<string, unknown>;
}

/** Runs a case, again with a fresh URL after a failure up to its `retry`; its time is every attempt's. */
export async function runSuiteCase(inputs: SuiteCaseInputs, item: SuiteCase): Promise<CaseResult> {
  let durationMs = 0;
  for (let attempt = 1; ; attempt += 1) {
    const captures = { ...inputs.captures };
    const outcome = await runAttempt(inputs, item, captures);
    durationMs += outcome.durationMs;
    const last = attempt > item.retry || outcome.verdict.pass || inputs.run.interruptedBy !== null;
    if (!last) continue;
    if (outcome.verdict.pass) Object.assign(inputs.captures, captures);
    const failures = outcome.assertions.filter((assertion) => !assertion.pass).map((assertion) => assertion.message);
    const deliveries = outcome.result.deliveries ? { deliveries: outcome.result.deliveries.map(formatTimeline) } : {};
    return { name: item.name, status: statusOf(outcome.result.exitCode), exitCode: outcome.result.exitCode, durationMs, attempts: attempt, reason: outcome.result.reason ?? null, failures, ...deliveries };
  }
}

async function runAttempt(inputs: SuiteCaseInputs, item: SuiteCase, captures: Record<string, unknown>): Promise<CaseOutcome> {
  const { run, file } = inputs;
  const opened = run.openCase({ flow: null, scope: { suite: basename(file.path), case: item.name }, keepReceived: true });
  const context: StepContext = { run, opened, scope: createScope(file, inputs.env, captures, opened.endpoint.url) };
  const judged = { failures: 0, firstFailure: null as string | null, matched: 0 };
  let outcome: WaitOutcome = { kind: 'satisfied' };
  for (const step of item.steps) {
    if (opened.interruptedBy) break;
    try {
      const end = await runStep(context, step);
      if (end) {
        judged.failures += end.wait.failures;
        judged.firstFailure ??= end.wait.firstFailure;
        judged.matched += end.wait.matched;
        if (end.outcome.kind !== 'satisfied' && end.outcome.kind !== 'nothing-awaited') outcome = end.outcome;
      }
    } catch (cause) {
      opened.failAfterWait(cause);
    }
    if (opened.error || judged.failures > 0 || outcome.kind !== 'satisfied') break;
  }
  if (opened.interruptedBy && outcome.kind === 'satisfied') outcome = { kind: 'interrupted', signal: opened.interruptedBy, waiting: true };
  run.closeCase(opened);
  return opened.conclude(outcome, judged);
}
