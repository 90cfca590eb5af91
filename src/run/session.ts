import { describeError, isCbtestError } from '../core/errors.js';
import { HISTORY_WHOLE_BODY_BYTES } from '../core/history-bodies.js';
import { checkReportTargets, collectRunSummary, writeReports } from '../report/run-reports.js';
import type { Writable } from '../report/batched-writer.js';
import type { EngineDeps } from './engine-deps.js';
import { runFireCase } from './fire-case.js';
import { appendResult } from './result.js';
import { Run } from './run.js';
import type { SessionPlan } from './session-plan.js';

/** What ends a command's run: its exit code, and the last words for stderr (a start failure, a bug's trace). */
export interface SessionEnd {
  exitCode: number;
  lastWords: string | null;
}

/** A command's run (`listen`, `fire`, `demo`): one receiver, one case inside it, one verdict. */
export async function runSession(plan: SessionPlan, deps: EngineDeps): Promise<SessionEnd> {
  checkReportTargets(plan.output.reports);
  // Only the dashboard browses history; elsewhere keeping thousands of events alive just feeds the garbage collector.
  const run = new Run(
    {
      receiver: plan.receiver,
      recordPath: plan.output.recordPath,
      historyLimit: plan.output.mode === 'tui' ? 5000 : 0,
      historyBodyBytes: HISTORY_WHOLE_BODY_BYTES,
      ...(plan.output.redaction ? { redaction: plan.output.redaction } : {}),
    },
    deps,
  );
  const summary = collectRunSummary(run.store, { title: plan.title, awaited: plan.wait.description });
  const startedAt = deps.clock.now();
  try {
    const view = await run.attachView();
    const failedStart = await startRun(run, plan, startedAt);
    if (failedStart) return failedStart;
    if (plan.output.mode === 'plain' && !plan.flow && plan.wait.count === null) view.say('waiting for callbacks; Ctrl-C to stop');
    const outcome = await runFireCase(run, { flow: plan.flow, wait: plan.wait, judge: plan.judge, catchAll: plan.flow === null });
    const report = summary();
    if (report) for (const line of await writeReports(plan.output.reports, report)) view.say(line);
    if (run.interruptedBy !== 'quit') await view.dismissed();
    return { exitCode: outcome.verdict.exitCode, lastWords: outcome.bug === undefined ? null : describeBug(outcome.bug) };
  } finally {
    await run.close();
  }
}

/** Starts the receiver; a run that cannot start says why and gets its result, like any other end. */
async function startRun(run: Run, plan: SessionPlan, startedAt: number): Promise<SessionEnd | null> {
  try {
    await run.start();
    return null;
  } catch (cause) {
    const facts = { runId: run.runId, callbacks: 0, durationMs: run.deps.clock.now() - startedAt, scope: {} };
    if (run.interruptedBy && !isCbtestError(cause)) {
      // Interrupted while starting: what would have been awaited is the verdict's business.
      const wait = { kind: 'interrupted' as const, signal: run.interruptedBy, waiting: plan.wait.count !== null };
      const { verdict } = appendResult(run.append, { wait, firstFailure: null, failures: 0, error: null }, facts);
      return { exitCode: verdict.exitCode, lastWords: null };
    }
    if (!isCbtestError(cause)) throw cause;
    // One line on stderr like any usage error; the record and JSON still get the result.
    if (plan.output.mode !== 'json') run.detachView();
    const error = { exitCode: cause.exitCode, message: describeError(cause) };
    appendResult(run.append, { wait: { kind: 'failed-fast' }, firstFailure: null, failures: 0, error }, facts);
    return { exitCode: cause.exitCode, lastWords: `cbtest: ${describeError(cause)}\n` };
  }
}

export function describeBug(bug: unknown): string {
  return `cbtest: internal error, please report it with this trace:\n${(bug as Error)?.stack ?? String(bug)}\n`;
}

/** Writes a session's last words after everything is closed. */
export function sayLastWords(end: SessionEnd, stderr: Writable): number {
  if (end.lastWords) stderr.write(end.lastWords);
  return end.exitCode;
}
