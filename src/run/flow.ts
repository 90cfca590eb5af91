import type { CbtestError } from '../core/errors.js';
import type { CbEventOf, EventDraft } from '../core/events.js';
import type { CallbackFacts, CallbackVerdict } from '../receiver/app.js';

/** A judgement a flow adds to the user's --expect, e.g. "the callback carries no JSON-RPC error". */
export interface FlowCheck {
  expr: string;
  pass: boolean;
  actual: unknown;
  message: string;
}

export interface FlowContext {
  /** The URL the producer must call back: the public or local base, plus this run's unguessable path. */
  plantedUrl: string;
  /** The receiver's own base URL (public when tunnelled or --public-url). */
  baseUrl: string;
  append: (draft: EventDraft) => { seq: number };
  /** Aborted on Ctrl-C, timeout or an early verdict: in-flight requests must stop. */
  signal: AbortSignal;
  /** Ends the run with this error's exit code (e.g. an OAuth state mismatch is exit 4), as if start() had thrown it. */
  fail: (error: CbtestError) => void;
  /** One line to stderr (plain/json) or the TUI's status line. */
  say: (line: string) => void;
}

/**
 * A way of firing the request that carries the callback URL, and of telling its callbacks apart.
 * `cbtest listen` runs without a flow.
 */
export interface Flow {
  title: string;
  /** What the run waits for by default (a user's --count/--until override the count). */
  awaited: { count: number | null; description: string };
  classify(callback: CallbackFacts, plantedPath: string): CallbackVerdict;
  start(context: FlowContext): Promise<void>;
  /** Checks the flow adds for each counted callback, judged with the user's expectations. */
  check?(callback: CbEventOf<'callback'>): FlowCheck[];
  /** After the wait (e.g. cancel a subscription). Throwing a CbtestError sets the exit code. */
  finish?(context: FlowContext): Promise<void>;
}
