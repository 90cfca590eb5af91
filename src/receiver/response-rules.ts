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
}

/** What a flow would like the answer to be when the user said nothing (e.g. an OpenAPI callback's declared 2xx). */
export interface FlowResponseHint {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export const defaultResponseRules: ResponseRules = { status: null, body: null, headers: {}, delayMs: 0, failFirst: 0 };

const DEFAULT_HEADERS: Record<string, string> = { 'content-type': 'application/json' };

/** The answer when no earlier stage answered: the user's flags win over the flow's hint. */
export function planResponse(rules: ResponseRules, hint: FlowResponseHint = {}): PlannedResponse {
  const body = rules.body ?? hint.body ?? '{"received":true}';
  const headers = hint.headers === undefined && Object.keys(rules.headers).length === 0 ? DEFAULT_HEADERS : { ...DEFAULT_HEADERS, ...hint.headers, ...rules.headers };
  return { status: rules.status ?? hint.status ?? 200, headers, body };
}
