import type { CbEvent, CbEventOf, Headers } from '../core/events.js';

/**
 * Fields other parts of cbtest add to the record over time (the answer's headers and body, `sinceAckMs`,
 * `schema`, a replay's origin). The dashboard reads them defensively, so an older record still opens.
 */

/** Added to a callback the dashboard replays, so the copy that arrives says what it is a replay of. */
export const REPLAY_HEADER = 'x-cbtest-replay-of';

export interface AnswerFacts {
  status: number | null;
  headers: Headers | null;
  body: string | null;
  durationMs: number | null;
  error: string | null;
}

export interface SchemaFacts {
  source: string | null;
  valid: boolean;
  errors: string[];
}

type Loose = Record<string, unknown>;

/** The same object, looked at for fields its type may not name yet. */
function loose(value: object): Loose {
  return value as unknown as Loose;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** What cbtest (or the app behind --forward-to) answered the sender. */
export function answerOf(event: CbEventOf<'callback'>): AnswerFacts {
  const response = (event.response ?? {}) as Loose;
  const headers = response.headers && typeof response.headers === 'object' ? (response.headers as Headers) : null;
  const body = typeof response.body === 'string' ? response.body : response.body === undefined || response.body === null ? null : JSON.stringify(response.body);
  return {
    status: numberOr(response.status),
    headers,
    body: body ?? event.forward?.bodyPreview ?? null,
    durationMs: numberOr(response.durationMs) ?? numberOr(event.forward?.durationMs),
    error: typeof response.error === 'string' ? response.error : null,
  };
}

/** Milliseconds between the acknowledgment of the request that planted the URL and this callback. */
export function sinceAckOf(event: CbEvent): number | null {
  return event.type === 'callback' ? numberOr(loose(event).sinceAckMs) : null;
}

/** The seq this callback replays, when the dashboard (or `cbtest replay`) sent it. */
export function replayOf(event: CbEventOf<'callback'>): number | null {
  const value = event.headers[REPLAY_HEADER];
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const item = error as Loose;
    const path = item.path ?? item.instancePath ?? '';
    const message = item.message ?? JSON.stringify(error);
    return `${String(path) || '(root)'} ${String(message)}`;
  }
  return String(error);
}

/** A schema verdict recorded on the callback (listen --openapi), every error kept. */
export function schemaOf(event: CbEventOf<'callback'>): SchemaFacts | null {
  const schema = loose(event).schema as Loose | undefined;
  if (!schema || typeof schema !== 'object') return null;
  const errors = Array.isArray(schema.errors) ? schema.errors.map(errorText) : [];
  return { source: typeof schema.source === 'string' ? schema.source : null, valid: schema.valid === true, errors };
}

/** Every failure an assertion carries: its `errors` when it lists them, else the lines of its message. */
export function assertionFailures(event: CbEventOf<'assertion'>): string[] {
  const errors = loose(event).errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(errorText);
  return event.message.split('\n');
}

/** The suite and case a `cbtest run` event belongs to. */
export function scopeOf(event: CbEvent): string | null {
  const { suite, case: name } = loose(event);
  if (typeof suite !== 'string' && typeof name !== 'string') return null;
  return [suite, name].filter((part): part is string => typeof part === 'string').join(' › ');
}
