import type { CbEventOf, DeliveryTimeline, EventDraft, EventScope } from '../core/events.js';
import { decideVerdict, type Verdict, type VerdictInputs } from '../core/verdict.js';

export interface ResultFacts {
  runId: string;
  callbacks: number;
  durationMs: number;
  scope: EventScope;
  /** Each delivery key's attempts, listed on the result when callbacks carried keys. */
  deliveries?: DeliveryTimeline[];
}

/** The one place a `result` is appended: what happened goes through decideVerdict, the verdict becomes the event. */
export function appendResult(append: (draft: EventDraft) => unknown, inputs: VerdictInputs, facts: ResultFacts): { verdict: Verdict; result: CbEventOf<'result'> } {
  const verdict = decideVerdict(inputs);
  const result = append({
    type: 'result',
    pass: verdict.pass,
    exitCode: verdict.exitCode,
    callbacks: facts.callbacks,
    durationMs: facts.durationMs,
    ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
    runId: facts.runId,
    ...(facts.deliveries && facts.deliveries.length > 0 ? { deliveries: facts.deliveries } : {}),
    ...facts.scope,
  }) as CbEventOf<'result'>;
  return { verdict, result };
}

/**
 * `cbtest run`'s own verdict, after every case has its `result`: the most severe case decides (see suite-tree.ts),
 * so it does not go through decideVerdict again. It belongs to no case, which is how views tell it from theirs.
 */
export function appendRunResult(append: (draft: EventDraft) => unknown, facts: { runId: string; exitCode: number; callbacks: number; durationMs: number; reason: string | null }): void {
  append({ type: 'result', pass: facts.exitCode === 0, exitCode: facts.exitCode, callbacks: facts.callbacks, durationMs: facts.durationMs, ...(facts.reason === null ? {} : { reason: facts.reason }), runId: facts.runId });
}
