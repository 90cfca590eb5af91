import { describeError, isCbtestError, TransportError } from '../core/errors.js';
import { forwardFailure } from '../receiver/forward-verdict.js';
import { ExitCode } from '../core/exit-codes.js';
import type { CbEvent, CbEventOf, EventDraft } from '../core/events.js';
import type { Verdict, WaitOutcome } from '../core/verdict.js';
import type { FlowContext } from '../flows/flow.js';
import type { CaseEndpoint } from './endpoint.js';
import { judgeDeliveries } from '../deliveries/delivery-verdict.js';
import { appendResult } from './result.js';
import type { RunServices } from './run-services.js';
import { armWait, type ArmedWait, type WaitRequest } from './wait.js';

export interface CaseError {
  exitCode: number;
  message: string;
  /** A bug (not a CbtestError): its stack goes to stderr with exit 70. */
  bug?: unknown;
}

export interface CaseOutcome {
  verdict: Verdict;
  result: CbEventOf<'result'>;
  assertions: CbEventOf<'assertion'>[];
  durationMs: number;
  bug?: unknown;
}

/** A case inside a run: its endpoint (planted path), the flow context it fires with, its waits, its one verdict. */
export class OpenCase {
  readonly startedAt: number;
  readonly context: FlowContext;
  error: CaseError | null = null;
  private abort = new AbortController();
  /** The latest acknowledgment of this case (captures read `ack.$…` from it). */
  lastAck: CbEventOf<'ack'> | null = null;
  /** Counted callbacks a suite's `wait` step already took; the next wait starts after them. */
  consumed = 0;
  private active: ArmedWait | null = null;
  private readonly waits: ArmedWait[] = [];
  /** An --expect of any wait names `delivery`: the user judges deliveries, not cbtest. */
  private userJudgesDeliveries = false;
  /** Set when a signal ended the case, even between waits. */
  interruptedBy: 'SIGINT' | 'SIGTERM' | 'quit' | null = null;
  private readonly inFlight = new Map<number, string>();

  constructor(
    readonly endpoint: CaseEndpoint,
    private readonly services: RunServices,
  ) {
    this.startedAt = services.clock.now();
    this.context = {
      plantedUrl: endpoint.url,
      plantedPath: endpoint.path,
      baseUrl: services.baseUrl(),
      append: (draft) => this.append(draft),
      signal: this.abort.signal,
      say: services.say,
      fail: (error) => this.fail(error),
    };
  }

  /** Appends an event of this case: scoped, and watched for the planting request's answer. */
  append(draft: EventDraft): CbEvent {
    const event = this.services.append({ ...draft, ...this.endpoint.scope });
    if (draft.type === 'request') {
      this.inFlight.set(event.seq, `${draft.method} ${draft.url}`);
    } else if (draft.type === 'ack') {
      this.lastAck = event as CbEventOf<'ack'>;
      const planted = this.inFlight.has(draft.requestSeq) && this.endpoint.plantAckAt === null;
      this.inFlight.delete(draft.requestSeq);
      if (planted) this.endpoint.plantAckAt = this.services.clock.now();
    }
    return event;
  }

  /** Waits for callbacks on this case's URL; the case's verdict weighs every wait's judgements. */
  waitFor(request: WaitRequest): ArmedWait {
    // --forward-to in a gate: the app answering 5xx (or not at all) fails the case unless an --expect names forward.
    // Watched ahead of the wait, so a failed forward is seen before the count is satisfied.
    const gate = { gated: request.wait.count !== null || request.judge.hasUntil || request.judge.expressions.length > 0, expectNamesForward: request.judge.mentions('forward') };
    const stopWatching = this.endpoint.subscribe((event) => {
      if (armed.settled) return stopWatching();
      const problem = forwardFailure(event, gate);
      if (problem) this.fail(new TransportError(problem.message, problem.hint));
    });
    const armed = armWait(this.endpoint, request, {
      clock: this.services.clock,
      append: (draft) => this.append(draft),
      say: this.services.say,
      progressEveryMs: this.services.progressEveryMs,
      unanswered: () => {
        const oldest = this.inFlight.values().next();
        return oldest.done ? null : `the answer to ${oldest.value}`;
      },
      unmatched: () => this.endpoint.unmatched + this.services.unrouted(),
    });
    this.active = armed;
    this.waits.push(armed);
    if (request.judge.mentions('delivery')) this.userJudgesDeliveries = true;
    if (this.interruptedBy) armed.settle({ kind: 'interrupted', signal: this.interruptedBy, waiting: armed.awaitsCount });
    return armed;
  }

  /** An error ends the case (exit code from the error); a bug becomes exit 70. Ignored once the verdict is in. */
  fail(cause: unknown): void {
    if (this.error || this.endpoint.ended || this.active?.settled) return;
    this.error = toCaseError(cause);
    this.active?.settle({ kind: 'failed-fast' });
  }

  /** An error after the wait (a refused cancel) still decides the exit code. */
  failAfterWait(cause: unknown): void {
    this.error ??= toCaseError(cause);
  }

  /** Ctrl-C, SIGTERM or `q`: the wait in progress ends as interrupted. */
  interrupt(signal: 'SIGINT' | 'SIGTERM' | 'quit'): void {
    this.interruptedBy ??= signal;
    this.active?.settle({ kind: 'interrupted', signal, waiting: this.active.awaitsCount });
    this.abort.abort();
  }

  /** Stops what is in flight (the verdict is in, or time ran out). */
  stopInFlight(): void {
    this.abort.abort();
  }

  /** A new step of a suite case gets a signal of its own (the previous step's was aborted when it ended). */
  renewSignal(): void {
    if (this.interruptedBy) return;
    this.abort = new AbortController();
    this.context.signal = this.abort.signal;
  }

  /** Ends the case: nothing counts any more; appends its one result. */
  conclude(outcome: WaitOutcome, judged: { failures: number; firstFailure: string | null; matched: number }): CaseOutcome {
    this.endpoint.ended = true;
    this.abort.abort();
    const durationMs = this.services.clock.now() - this.startedAt;
    const deliveries = this.services.deliveries?.(this.endpoint) ?? [];
    const assertions = this.waits.flatMap((wait) => wait.assertions);
    const finding = judgeDeliveries(deliveries, this.userJudgesDeliveries);
    let { failures, firstFailure } = judged;
    if (finding) {
      assertions.push(this.append({ type: 'assertion', ...finding, eventSeq: null }) as CbEventOf<'assertion'>);
      // A run that timed out or was stopped keeps that exit code; the finding explains it in the reports.
      if (!finding.pass && (outcome.kind === 'satisfied' || outcome.kind === 'nothing-awaited' || outcome.kind === 'failed-fast')) {
        failures += 1;
        firstFailure ??= finding.message;
      }
    }
    const { verdict, result } = appendResult(
      (draft) => this.services.append(draft),
      { wait: outcome, firstFailure, failures, error: this.error },
      { runId: this.services.runId, callbacks: judged.matched, durationMs, scope: this.endpoint.scope, deliveries },
    );
    return { verdict, result, assertions, durationMs, ...(this.error?.bug === undefined ? {} : { bug: this.error.bug }) };
  }
}

function toCaseError(cause: unknown): CaseError {
  if (isCbtestError(cause)) return { exitCode: cause.exitCode, message: describeError(cause) };
  return { exitCode: ExitCode.internal, message: `internal error: ${(cause as Error)?.message ?? String(cause)}`, bug: cause };
}
