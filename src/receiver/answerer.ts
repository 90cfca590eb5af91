import type { CallbackEvent, ForwardOutcome, Headers } from '../core/events.js';
import type { CollectedBody } from './body-collector.js';
import type { CallbackFacts, CallbackVerdict } from './callback-facts.js';

/**
 * The receiver answers every request through an ordered list of answerers. Each looks at the exchange and either
 * answers (returns an Answer) or passes (returns null) to the next; the last stage ('rules') always answers.
 * Stages are named so an option or a flow can add its answerer at the right point (see ANSWER_STAGES).
 */
export type Answerer = (exchange: Exchange) => Answer | null | Promise<Answer | null>;

/**
 * The stages in the order they run. `internal`: cbtest's own requests (tunnel self-check), never recorded;
 * `handshake`: protocol handshakes (CloudEvents abuse protection); `probe`: producers' reachability checks;
 * `size`: bodies over --body-limit or cut short; `signature`: --verify; `delay`: --delay; `script`: --respond-seq,
 * --fail-first; `forward`: --forward-to; `rules`: --status, --response-body, --response-header and the flow's hint.
 */
export const ANSWER_STAGES = ['internal', 'handshake', 'probe', 'size', 'signature', 'delay', 'script', 'forward', 'rules'] as const;
export type AnswerStage = (typeof ANSWER_STAGES)[number];

/** Answerers added by options or flows, run after the built-in ones of the same stage. */
export type ExtraAnswerers = Partial<Record<AnswerStage, readonly Answerer[]>>;

/** One incoming request as answerers see it. Decoding and classifying happen once, on first use. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  /** The query string with its `?`, or ''. */
  readonly search: string;
  /** Lower-cased names, as the sender sent them (a garbled content type restored). */
  readonly headers: Headers;
  readonly remote: string;
  readonly body: CollectedBody;
  /** The callback as it will be recorded (decoded body, query, size). */
  readonly facts: CallbackFacts;
  /** The flow's word on it: does it count toward the wait, and how would the flow like it answered. */
  readonly verdict: CallbackVerdict;
  /** Fields an answerer adds to the callback's record (e.g. `signature`, `rejected`). */
  readonly marks: Partial<CallbackEvent>;
  /** Aborted when the receiver shuts down with this answer still pending: stop waiting, the sender is cut. */
  readonly signal: AbortSignal;
  /** A 2xx status a response script chose for this callback; the rules answer with it. */
  scriptedStatus?: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** How the exchange is recorded: as a callback (default), a probe, or not at all (cbtest's own requests). */
  recordAs?: 'callback' | 'probe' | 'none';
  /** Set when this answer keeps the callback from counting toward the wait; becomes its `note`. */
  uncounted?: string;
  /** The --forward-to outcome, recorded with the callback. */
  forward?: ForwardOutcome;
  /** End the connection after answering (the sender may still be sending a body we refused). */
  closeConnection?: boolean;
}

/** Builds the ordered list: for each stage its built-in answerers, then the extra ones. */
export function orderAnswerers(builtIn: ExtraAnswerers, extra: ExtraAnswerers = {}): Answerer[] {
  return ANSWER_STAGES.flatMap((stage) => [...(builtIn[stage] ?? []), ...(extra[stage] ?? [])]);
}

/**
 * Runs the answerers in order. Stays synchronous while they do (the hot path: no promise per request);
 * the first one that returns a promise switches the rest of the run to async.
 */
export function runAnswerers(answerers: readonly Answerer[], exchange: Exchange, from = 0): Answer | Promise<Answer> {
  for (let index = from; index < answerers.length; index += 1) {
    const result = answerers[index]!(exchange);
    if (result === null) continue;
    if (result instanceof Promise) return result.then((settled) => settled ?? runAnswerers(answerers, exchange, index + 1));
    return result;
  }
  throw new Error('no answerer answered: the rules stage must always answer');
}
