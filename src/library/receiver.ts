import type { CbEvent, CbEventOf } from '../core/events.js';
import { formatDuration } from '../core/duration.js';
import type { OpenCase } from '../run/case.js';
import { Run } from '../run/run.js';
import { CallbackTimeoutError, ExpectationError } from './errors.js';
import { libraryDeps } from './library-deps.js';
import { checkOptionNames, toLibraryReceiver, toReceiverFlags, type ReceiverOptions } from './receiver-options.js';
import { DEFAULT_WAIT_TIMEOUT, toLibraryWait, timeoutMsOf, type WaitOptions } from './wait-options.js';

export type CallbackEvent = CbEventOf<'callback'>;

/** One planted URL on the receiver: callbacks to it (and below it) are its own. */
export interface CallbackEndpoint {
  /** Give this to the producer: the public or local base, plus an unguessable path. */
  readonly url: string;
  readonly path: string;
  /** Every callback that counted on this endpoint so far, as record events. */
  readonly received: readonly CallbackEvent[];
  /** Resolves with the first `count` callbacks, counting those that already arrived (no race with the trigger). */
  waitFor(options?: WaitOptions): Promise<CallbackEvent[]>;
  /** Resolves with the next callback to arrive from now on (earlier ones do not count). */
  next(options?: Omit<WaitOptions, 'count'>): Promise<CallbackEvent>;
}

export interface Receiver {
  /** Where the receiver listens (http://127.0.0.1:PORT). */
  readonly url: string;
  /** The tunnel's or --public-url's address, when there is one. */
  readonly publicUrl: string | null;
  readonly runId: string;
  /** A fresh planted URL. */
  endpoint(): CallbackEndpoint;
  /** The run's events so far (the newest 100,000). */
  events(): CbEvent[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const runs = new WeakMap<Receiver, Run>();

/** The engine run behind a receiver, for fire.*({ receiver }) (library-internal). */
export function runOf(receiver: Receiver): Run | undefined {
  return runs.get(receiver);
}

/** Starts a receiver; nothing is printed, no signal handler installed, nothing left open after close(). */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  checkOptionNames(options, new Set(), 'startReceiver');
  const { plan, redaction } = toLibraryReceiver(toReceiverFlags(options));
  const run = new Run({ receiver: plan, recordPath: options.record ?? null, historyLimit: 100_000, redaction }, libraryDeps());
  const waiting = new Set<OpenCase>();
  const state = { closed: false };
  try {
    await run.attachView();
    await run.start();
  } catch (error) {
    await run.close();
    throw error;
  }
  let closed: Promise<void> | null = null;
  const listening = run.store.snapshot().events.find((event): event is CbEventOf<'listening'> => event.type === 'listening');
  const close = (): Promise<void> => {
    state.closed = true;
    closed ??= (async () => {
      // A wait still pending ends now, rejecting with what arrived, instead of holding the test open.
      for (const opened of waiting) opened.interrupt('quit');
      await run.close();
    })();
    return closed;
  };
  const receiver: Receiver = {
    url: run.receiverUrl ?? '',
    publicUrl: listening?.publicUrl ?? null,
    runId: run.runId,
    endpoint: () => createEndpoint(run, waiting, state),
    events: () => [...run.store.snapshot().events],
    close,
    [Symbol.asyncDispose]: close,
  };
  runs.set(receiver, run);
  return receiver;
}

function createEndpoint(run: Run, waiting: Set<OpenCase>, state: { closed: boolean }): CallbackEndpoint {
  const opened = run.openCase({ flow: null, keepReceived: true });
  const { endpoint } = opened;

  const wait = async (options: WaitOptions, from: number): Promise<CallbackEvent[]> => {
    // Registered before anything is awaited, so a close() that comes first still ends this wait.
    waiting.add(opened);
    try {
      return await armAndWait(options, from);
    } finally {
      waiting.delete(opened);
    }
  };

  const armAndWait = async (options: WaitOptions, from: number): Promise<CallbackEvent[]> => {
    const { wait: plan, judge } = await toLibraryWait(options, { count: 1, timeoutMs: timeoutMsOf(options.timeout, DEFAULT_WAIT_TIMEOUT), description: `a callback on ${endpoint.path}` }, null);
    // The callbacks this wait counts, in the order the engine takes them: earlier ones first, then new arrivals.
    const start = from;
    const taken = endpoint.received.slice(start).filter((event) => judge.satisfiesUntil(event));
    const unsubscribe = endpoint.subscribe((event) => {
      if (event.matched) taken.push(event);
    });
    if (state.closed) opened.interrupt('quit');
    try {
      const armed = opened.waitFor({ wait: plan, judge, from: start });
      const outcome = await armed.outcome;
      const counted = taken.slice(0, armed.matched);
      if (outcome.kind === 'satisfied') return counted;
      if (outcome.kind === 'failed-fast') {
        const failures = armed.assertions.filter((event) => !event.pass);
        throw new ExpectationError(`expectation failed: ${armed.firstFailure ?? failures[0]?.message ?? 'unknown'}`, failures, counted);
      }
      if (outcome.kind === 'timeout') {
        const others = outcome.unmatched > 0 ? `; ${outcome.unmatched} other callbacks did not count` : '';
        throw new CallbackTimeoutError(`timed out after ${formatDuration(outcome.timeoutMs)} waiting for ${plan.description} (${armed.matched} of ${plan.count} arrived${others})`, [...endpoint.received]);
      }
      throw new CallbackTimeoutError(`the receiver was closed while waiting for ${plan.description} (${armed.matched} of ${plan.count} arrived)`, [...endpoint.received]);
    } finally {
      unsubscribe();
    }
  };

  return {
    url: endpoint.url,
    path: endpoint.path,
    get received() {
      return [...endpoint.received];
    },
    waitFor: (options = {}) => wait(options, 0),
    // "From now on" is the moment of the call, not the moment the wait is armed a few ticks later.
    next: async (options = {}) => (await wait({ ...options, count: 1 }, endpoint.received.length))[0]!,
  };
}
