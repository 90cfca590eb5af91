/** How the receiver answers callbacks: --status, --response-body, --response-header, --delay, --fail-first. */
export interface ResponseRules {
  status: number | null;
  body: string | null;
  headers: Record<string, string>;
  delayMs: number;
  failFirst: number;
}

export interface PlannedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  delayMs: number;
}

/** What a flow would like the answer to be when the user said nothing (e.g. an OpenAPI callback's declared 2xx). */
export interface FlowResponseHint {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export const defaultResponseRules: ResponseRules = { status: null, body: null, headers: {}, delayMs: 0, failFirst: 0 };

/**
 * Decides the answer to the n-th callback (1-based). The user's flags win over the flow's hint;
 * --fail-first answers 500 to the first N so the sender's retries get exercised.
 */
export function planResponse(rules: ResponseRules, callbackNumber: number, hint: FlowResponseHint = {}): PlannedResponse {
  if (callbackNumber <= rules.failFirst) {
    return {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'failing on purpose (--fail-first)', attempt: callbackNumber }),
      delayMs: rules.delayMs,
    };
  }
  const body = rules.body ?? hint.body ?? '{"received":true}';
  const headers: Record<string, string> = { 'content-type': 'application/json', ...hint.headers, ...rules.headers };
  return { status: rules.status ?? hint.status ?? 200, headers, body, delayMs: rules.delayMs };
}
