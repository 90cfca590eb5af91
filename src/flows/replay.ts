import type { CbEventOf, Headers } from '../core/events.js';
import { tryParseJson } from '../core/json-text.js';
import { formatQuery, headersToSendOn, resendUrl } from '../core/resend.js';
import { describeTransportFailure } from './http-exchange.js';
import { sendPlainRequest } from './http-request.js';

/** One recorded callback made ready to send again: the same method, path, query, headers and exact bytes. */
export interface ReplayRequest {
  replayOf: number;
  method: string;
  url: URL;
  headers: Headers;
  body: Buffer | null;
  /** Headers the record holds only redacted (`<redacted, 12 chars>`): left out, since the value is not known. */
  redacted: string[];
}

export interface ReplayAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, else the text, else null. */
  body: unknown;
  durationMs: number;
}

const REDACTED = /^<redacted, \d+ chars?>$/;
// A body on these is unusual; send the recorded bytes when there were some, and no framing when there were none.
const BODYLESS_BY_CUSTOM = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/** The request that replays `event` at `target`; `extra` headers (-H) replace recorded ones of the same name. */
export function buildReplayRequest(event: CbEventOf<'callback'>, target: string, extra: Record<string, string> = {}): ReplayRequest {
  const headers: Headers = {};
  const redacted: string[] = [];
  for (const [name, value] of Object.entries(headersToSendOn(event.headers))) {
    if ([value].flat().some((item) => REDACTED.test(item))) redacted.push(name);
    else headers[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  const bytes = Buffer.from(event.bodyBase64, 'base64');
  const body = event.method === 'HEAD' || (bytes.length === 0 && BODYLESS_BY_CUSTOM.has(event.method)) ? null : bytes;
  return {
    replayOf: event.seq,
    method: event.method,
    url: resendUrl(target, event.path, formatQuery(event.query)),
    headers,
    body,
    redacted: redacted.filter((name) => !(name in headers)),
  };
}

/** Sends a replay request; an unreachable target is a TransportError naming it. */
export async function sendReplay(replay: ReplayRequest, options: { timeoutMs: number; signal?: AbortSignal }): Promise<ReplayAnswer> {
  const started = performance.now();
  try {
    const response = await sendPlainRequest({
      method: replay.method,
      url: replay.url,
      headers: replay.headers,
      body: replay.body,
      signal: options.signal ?? null,
      timeoutMs: options.timeoutMs,
    });
    const text = response.text;
    const parsed = tryParseJson(text);
    return {
      status: response.status,
      headers: response.headers,
      body: parsed.ok ? parsed.value : text === '' ? null : text,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    throw describeTransportFailure({ method: replay.method, url: replay.url.href }, error, options.timeoutMs);
  }
}

/** The dashboard's `r`: resends one callback and says in one line how it went. */
export async function replayCallback(event: CbEventOf<'callback'>, target: string): Promise<string> {
  const replay = buildReplayRequest(event, target);
  try {
    const answer = await sendReplay(replay, { timeoutMs: 10_000 });
    const left = replay.redacted.length > 0 ? ` (without the redacted ${replay.redacted.join(', ')})` : '';
    return `replayed #${event.seq} to ${replay.url.origin}: ${answer.status} in ${answer.durationMs}ms${left}`;
  } catch (error) {
    return `replay of #${event.seq} to ${replay.url.origin} failed: ${(error as Error).message}`;
  }
}
