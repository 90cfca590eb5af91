import { isRpcCallbackProbe } from '../core/body-decoding.js';
import { tryParseJson } from '../core/json-text.js';
import { isConnectionHeader } from '../core/resend.js';
import type { Answer, Answerer, Exchange } from './answerer.js';
import type { CallbackFacts } from './callback-facts.js';
import type { CollectedBody } from './body-collector.js';
import { responsePlanner, scriptOf, type ResponseRules } from './response-rules.js';

/** The receiver's own requests (the tunnel self-check): answered, never recorded, counted or forwarded. */
export type InternalRoute = (method: string, path: string) => { status: number; headers: Record<string, string>; body: string } | null;

export interface ForwardedAnswer {
  outcome: import('../core/events.js').ForwardOutcome;
  /** The app's answer, relayed to the sender; absent when the app could not be reached. */
  response?: { status: number; headers: Record<string, string | string[]>; body: Buffer };
}

export type Forwarder = (callback: CallbackFacts, body: Buffer, signal?: AbortSignal) => Promise<ForwardedAnswer>;

export function answerInternal(route: InternalRoute): Answerer {
  return (exchange) => {
    const internal = route(exchange.method, exchange.path);
    return internal ? { ...internal, recordAs: 'none' } : null;
  };
}

/** Producers probe a callback URL with OPTIONS before accepting it. */
export const answerOptionsProbe: Answerer = (exchange) =>
  exchange.method === 'OPTIONS' ? { status: 200, headers: { allow: 'POST, OPTIONS', 'access-control-allow-origin': '*' }, body: '', recordAs: 'probe' } : null;

const PROBE_ANSWER: Answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":true}', recordAs: 'probe' };

/** Some JSON-RPC producers POST `{"rpc.callback": "check real webhook url"}` first; judged by its bytes, whatever the content type. */
export const answerRpcProbe: Answerer = (exchange) => {
  if (exchange.method !== 'POST' || exchange.body.kind !== 'complete') return null;
  const bytes = exchange.body.bytes;
  if (bytes.length > 200 || bytes.indexOf('rpc.callback') === -1) return null;
  const parsed = tryParseJson(bytes.toString('utf8'));
  return parsed.ok && isRpcCallbackProbe(parsed.value) ? PROBE_ANSWER : null;
};

/**
 * A body over --body-limit is answered 413, one over the in-flight budget 503 with Retry-After (the sender may try
 * again once others are done), one cut short by the sender 400 and one too slow 408; all are recorded without bytes.
 */
export function answerRejectedBody(bodyLimit: number, retryAfterSeconds: number | null): Answerer {
  const retryAfter = String(retryAfterSeconds ?? 1);
  return (exchange) => {
    const collected = exchange.body;
    if (collected.kind === 'complete') return null;
    const { status, reason, note } = describeRejection(collected, bodyLimit);
    exchange.marks.rejected = { reason, size: exchange.facts.size };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 503) headers['retry-after'] = retryAfter;
    return { status, headers, body: JSON.stringify({ error: reason, limit: bodyLimit }), uncounted: note, closeConnection: true };
  };
}

function describeRejection(collected: Exclude<CollectedBody, { kind: 'complete' }>, limit: number): { status: number; reason: string; note: string } {
  switch (collected.kind) {
    case 'too-large':
      return { status: 413, reason: 'body too large', note: `body of ${collected.size} bytes is over the ${limit}-byte limit (raise --body-limit)` };
    case 'over-budget':
      return { status: 503, reason: 'too many bytes in flight', note: `body of ${collected.size} bytes arrived while others filled the in-flight budget (raise --inflight-limit)` };
    case 'aborted':
      return { status: collected.timedOut ? 408 : 400, reason: collected.reason, note: `${collected.reason} after ${collected.received} bytes` };
  }
}

/** --delay: waits, then lets the next stage answer (scripts, forwarding and rules are all delayed). */
export function answerAfterDelay(delayMs: number): Answerer {
  return (exchange) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), delayMs);
      // Shutdown cuts the wait; the exchange is already recorded as unanswered, so this answer goes nowhere.
      exchange.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(CUT);
      }, { once: true });
    });
}

const CUT: Answer = { status: 503, recordAs: 'none' };

/**
 * --respond-seq / --fail-first: the Nth callback gets the Nth scripted status. A non-2xx one is answered here and
 * never counts (the wait goes on for the retry); a 2xx one passes on, so the app or the rules answer with that status.
 */
export function answerByScript(rules: ResponseRules): Answerer | null {
  const script = scriptOf(rules);
  if (script.statuses.length === 0) return null;
  const retryAfter = rules.retryAfterSeconds === undefined || rules.retryAfterSeconds === null ? null : String(rules.retryAfterSeconds);
  let seen = 0;
  return (exchange) => {
    seen += 1;
    const status = seen <= script.statuses.length ? script.statuses[seen - 1]! : script.thenRules ? null : script.statuses.at(-1)!;
    if (status === null) return null;
    if (status >= 200 && status < 300) {
      exchange.scriptedStatus = status;
      return null;
    }
    const note = `answered ${status} by ${script.flag}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (retryAfter !== null) headers['retry-after'] = retryAfter;
    return { status, headers, body: JSON.stringify({ error: `${note} (callback ${seen})`, attempt: seen }), uncounted: note };
  };
}

/** --forward-to: the user's app answers; its status, headers and body are relayed to the sender. */
export function answerByForwarding(forward: Forwarder): Answerer {
  return async (exchange: Exchange) => {
    const bytes = exchange.body.kind === 'complete' ? exchange.body.bytes : Buffer.alloc(0);
    const answer = await forward(exchange.facts, bytes, exchange.signal);
    if (!answer.response) {
      return { status: 502, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: answer.outcome.error ?? 'forward failed' }), forward: answer.outcome };
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.response.headers)) if (!isConnectionHeader(name)) headers[name] = value;
    return { status: answer.response.status, headers, body: answer.response.body, forward: answer.outcome };
  };
}

/** The last stage: the user's --status/--response-* flags, else the flow's hint, else 200 `{"received":true}`. */
export function answerByRules(rules: ResponseRules): Answerer {
  const plan = responsePlanner(rules);
  return (exchange) => {
    // A planned response is an answer as it is (status, headers, body): no copy per callback.
    return plan(exchange.verdict.responseHint, exchange.scriptedStatus);
  };
}
