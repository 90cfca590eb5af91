/** How the receiver answers callbacks: --status, --response-body, --response-header, --delay, --respond-seq. */
export interface ResponseRules {
  status: number | null;
  body: string | null;
  headers: Record<string, string>;
  delayMs: number;
  /** --fail-first N: N × 500 before the normal answer (kept for callers that set it directly). */
  failFirst: number;
  /** --respond-seq: the Nth callback gets the Nth status, the last repeats. Empty: no script. */
  respondSeq?: readonly number[];
  /** Which flag wrote the script, for the note on each scripted answer. */
  scriptFlag?: '--respond-seq' | '--fail-first';
  /** --retry-after: whole seconds sent as Retry-After on every non-2xx answer cbtest gives. */
  retryAfterSeconds?: number | null;
  /** --inflight-limit: bytes of bodies held at once; more is answered 503 with Retry-After. */
  inflightLimit?: number;
}

export interface PlannedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a flow would like the answer to be when the user said nothing (e.g. an OpenAPI callback's declared 2xx). */
export interface FlowResponseHint {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export const defaultResponseRules: ResponseRules = { status: null, body: null, headers: {}, delayMs: 0, failFirst: 0 };

const DEFAULT_BODY = '{"received":true}';

/** The script as a list of statuses (empty: none): --respond-seq as given, or --fail-first N as N × 500 then the normal answer. */
export function scriptOf(rules: ResponseRules): { statuses: readonly number[]; flag: string; thenRules: boolean } {
  if (rules.respondSeq && rules.respondSeq.length > 0) return { statuses: rules.respondSeq, flag: rules.scriptFlag ?? '--respond-seq', thenRules: false };
  return { statuses: Array.from({ length: rules.failFirst }, () => 500), flag: '--fail-first', thenRules: true };
}

/** A body the user gave as text is sent as text/plain; JSON (and the default) as application/json. */
function contentTypeOf(body: string): string {
  try {
    JSON.parse(body);
    return 'application/json';
  } catch {
    return 'text/plain; charset=utf-8';
  }
}

/**
 * Returns the planner for answers no earlier stage gave: the user's flags win over the flow's hint. What does not
 * depend on the callback is worked out once here, not per request.
 */
export function responsePlanner(rules: ResponseRules): (hint: FlowResponseHint | undefined, scriptedStatus?: number) => PlannedResponse {
  const userType = rules.body === null ? null : contentTypeOf(rules.body);
  const retryAfter = rules.retryAfterSeconds === undefined || rules.retryAfterSeconds === null ? null : String(rules.retryAfterSeconds);
  const plain = withRetryAfter({ 'content-type': userType ?? 'application/json', ...rules.headers }, rules.status ?? 200, retryAfter);
  // The answer most callbacks get, made once: nothing downstream changes an answer.
  const usual: PlannedResponse = Object.freeze({ status: rules.status ?? 200, headers: plain, body: rules.body ?? DEFAULT_BODY });
  return (hint, scriptedStatus) => {
    const status = scriptedStatus ?? rules.status ?? hint?.status ?? 200;
    if (hint === undefined && status === usual.status) return usual;
    const body = rules.body ?? hint?.body ?? DEFAULT_BODY;
    const headers = { 'content-type': userType ?? 'application/json', ...hint?.headers, ...rules.headers };
    return { status, headers: withRetryAfter(headers, status, retryAfter), body };
  };
}

function withRetryAfter(headers: Record<string, string>, status: number, retryAfter: string | null): Record<string, string> {
  if (retryAfter === null || (status >= 200 && status < 300) || headers['retry-after'] !== undefined) return headers;
  return { ...headers, 'retry-after': retryAfter };
}
