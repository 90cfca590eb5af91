import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';
import type { CbtestError } from '../core/errors.js';
import type { CbEventOf, EventDraft } from '../core/events.js';

/** A judgement a flow adds to the user's --expect, e.g. "the callback carries no JSON-RPC error". */
export interface FlowCheck {
  expr: string;
  pass: boolean;
  actual: unknown;
  message: string;
}

/** What a flow may ask of the user's expectations (the JSON-RPC `error` rule defers to an --expect naming `error`). */
export interface ExpectationsView {
  mentions(member: string): boolean;
}

export interface FlowContext {
  /** The URL the producer must call back: the public or local base, plus this case's unguessable path. */
  plantedUrl: string;
  /** This case's own path on the receiver, `/cb/<token>`. */
  plantedPath: string;
  /** The receiver's own base URL (public when tunnelled or --public-url). */
  baseUrl: string;
  append: (draft: EventDraft) => { seq: number };
  /** Aborted on Ctrl-C, timeout or an early verdict: in-flight requests must stop. */
  signal: AbortSignal;
  /** Ends the case with this error's exit code (e.g. an OAuth state mismatch is exit 4), as if start() had thrown it. */
  fail: (error: CbtestError) => void;
  /** One line to stderr (plain/json) or the TUI's status line. */
  say: (line: string) => void;
}

/**
 * A way of firing the request that carries the callback URL, and of telling its callbacks apart.
 * A case without a flow (`cbtest listen`, a suite's `listen: {}`) counts every callback it receives.
 */
export interface Flow {
  title: string;
  /** What the case waits for by default (a user's --count/--until override the count). */
  awaited: { count: number | null; description: string };
  classify(callback: CallbackFacts, plantedPath: string): CallbackVerdict;
  /** Paths outside `/cb/<token>` this flow receives on (OAuth's fixed --redirect-path). */
  extraPaths?: readonly string[];
  start(context: FlowContext): Promise<void>;
  /** Checks the flow adds for each counted callback, judged with the user's expectations. */
  check?(callback: CbEventOf<'callback'>, expectations: ExpectationsView): FlowCheck[];
  /** After the wait (e.g. cancel a subscription). Throwing a CbtestError sets the exit code. */
  finish?(context: FlowContext): Promise<void>;
}
