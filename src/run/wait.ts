import { formatDuration } from '../core/duration.js';
import type { CbEventOf, EventDraft } from '../core/events.js';
import type { WaitOutcome } from '../core/verdict.js';
import type { CaseEndpoint } from './endpoint.js';
import type { Clock } from './engine-deps.js';
import type { Judge } from './judge.js';
import type { WaitPlan } from './session-plan.js';

export interface WaitRequest {
  wait: WaitPlan;
  judge: Judge;
  /** Counted callbacks already received from this index on count too (a wait armed after the trigger misses nothing). */
  from?: number;
}

export interface WaitTools {
  clock: Clock;
  append: (draft: EventDraft) => unknown;
  say: (line: string) => void;
  progressEveryMs: number | null;
  /** The request still unanswered, if any: what the case is really waiting for. */
  unanswered: () => string | null;
  /** Callbacks that reached the receiver but did not count for this wait. */
  unmatched: () => number;
}

export interface ArmedWait {
  readonly outcome: Promise<WaitOutcome>;
  readonly settled: boolean;
  /** True when it waits for a count (an interrupt then means no verdict: exit 130). */
  readonly awaitsCount: boolean;
  settle(outcome: WaitOutcome): void;
  failures: number;
  firstFailure: string | null;
  matched: number;
  assertions: CbEventOf<'assertion'>[];
  /** The last callback that counted, for captures. */
  last: CbEventOf<'callback'> | null;
}

/** Arms a wait on a case's endpoint: judges each counted callback as it lands, ends at the count, a failure or the timeout. */
export function armWait(endpoint: CaseEndpoint, request: WaitRequest, tools: WaitTools): ArmedWait {
  const { wait, judge } = request;
  let resolve: (outcome: WaitOutcome) => void = () => undefined;
  const state: ArmedWait = {
    outcome: new Promise<WaitOutcome>((done) => (resolve = done)),
    settled: false,
    awaitsCount: wait.count !== null,
    settle(outcome) {
      if (state.settled) return;
      (state as { settled: boolean }).settled = true;
      endpoint.until = null;
      unsubscribe();
      stopTimers();
      resolve(outcome);
    },
    failures: 0,
    firstFailure: null,
    matched: 0,
    assertions: [],
    last: null,
  };
  const take = (callback: CbEventOf<'callback'>): void => {
    if (state.settled) return;
    state.matched += 1;
    state.last = callback;
    for (const draft of judge.judge(callback)) {
      state.assertions.push(tools.append({ type: 'assertion', ...draft, ...endpoint.scope }) as CbEventOf<'assertion'>);
      if (!draft.pass) {
        state.failures += 1;
        state.firstFailure ??= `${draft.message} (event #${callback.seq})`;
      }
    }
    if (state.failures > 0) state.settle({ kind: 'failed-fast' });
    else if (wait.count !== null && state.matched >= wait.count) state.settle({ kind: 'satisfied' });
  };
  endpoint.until = judge.hasUntil ? (facts) => judge.satisfiesUntil(facts) : null;
  const unsubscribe = endpoint.subscribe((event) => {
    if (event.matched) take(event);
  });
  const stopTimers = startTimers(state, wait, tools);
  for (const earlier of endpoint.received.slice(request.from ?? endpoint.received.length)) {
    if (judge.satisfiesUntil(earlier)) take(earlier);
  }
  return state;
}

function startTimers(state: ArmedWait, wait: WaitPlan, tools: WaitTools): () => void {
  const { clock } = tools;
  const startedAt = clock.now();
  let timeout: unknown;
  let progress: unknown;
  if (wait.timeoutMs !== null) {
    const timeoutMs = wait.timeoutMs;
    timeout = clock.setTimeout(() => {
      if (wait.count === null) state.settle({ kind: 'nothing-awaited' });
      else state.settle({ kind: 'timeout', awaited: tools.unanswered() ?? wait.description, matched: state.matched, expected: wait.count, unmatched: tools.unmatched(), timeoutMs });
    }, timeoutMs);
  }
  const every = tools.progressEveryMs;
  const tick = (): void => {
    const limit = wait.timeoutMs === null ? '' : ` of ${formatDuration(wait.timeoutMs)}`;
    const elapsed = formatDuration(clock.now() - startedAt);
    tools.say(`… waiting for ${tools.unanswered() ?? wait.description}: ${state.matched} of ${wait.count} callbacks so far, ${elapsed}${limit}`);
    progress = clock.setTimeout(tick, every!);
  };
  if (every !== null && wait.count !== null) progress = clock.setTimeout(tick, every);
  return () => {
    clock.clearTimeout(timeout);
    clock.clearTimeout(progress);
  };
}
