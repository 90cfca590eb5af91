import { TransportError } from '../core/errors.js';
import type { EventDraft, Headers } from '../core/events.js';
import { tryParseJson } from '../core/json-text.js';
import { previewText } from '../core/terminal-text.js';
import { sendPlainRequest } from './http-request.js';

export interface Exchange {
  status: number;
  headers: Headers;
  /** Parsed JSON, else the text, else null. */
  body: unknown;
  text: string;
  contentType: string;
  durationMs: number;
}

export interface OutgoingRequest {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Serialised as JSON unless it is already a string. */
  body?: unknown;
  signal?: AbortSignal;
  /** Stop waiting for the answer after this long. */
  timeoutMs?: number;
}

/**
 * Sends one request cbtest makes (the fire, a cancel, a token exchange), recording `request` and `ack` events.
 * A target that cannot be reached becomes a TransportError naming the URL and the cause.
 */
export async function exchange(outgoing: OutgoingRequest, append: (draft: EventDraft) => { seq: number }): Promise<Exchange> {
  const hasBody = outgoing.body !== undefined;
  const payload = typeof outgoing.body === 'string' ? outgoing.body : hasBody ? JSON.stringify(outgoing.body) : undefined;
  const headers = { ...(hasBody && typeof outgoing.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...outgoing.headers };
  // The request event is stamped when the request is on the wire (or as it fails), not before the client set-up.
  let sent: { seq: number } | null = null;
  let started = 0;
  const recordRequest = (): { seq: number } => {
    if (sent) return sent;
    started = performance.now();
    return (sent = append({ type: 'request', label: outgoing.label, method: outgoing.method, url: outgoing.url, headers, body: outgoing.body ?? null }));
  };
  const timeoutMs = outgoing.timeoutMs ?? 30_000;
  try {
    const response = await sendPlainRequest({
      method: outgoing.method,
      url: new URL(outgoing.url),
      headers,
      body: payload ?? null,
      signal: outgoing.signal ?? null,
      timeoutMs,
      onSent: recordRequest,
    });
    const text = response.text;
    const parsed = tryParseJson(text);
    const result: Exchange = {
      status: response.status,
      headers: response.headers,
      body: parsed.ok ? parsed.value : text === '' ? null : text,
      text,
      contentType: String(response.headers['content-type'] ?? ''),
      durationMs: Math.round(performance.now() - started),
    };
    append({ type: 'ack', label: outgoing.label, requestSeq: recordRequest().seq, status: result.status, headers: result.headers, body: result.body, durationMs: result.durationMs });
    return result;
  } catch (error) {
    recordRequest();
    throw describeTransportFailure(outgoing, error, timeoutMs);
  }
}

/** One line for a request that got no answer, naming it and the likely cause (the replay uses it too). */
export function describeTransportFailure(outgoing: Pick<OutgoingRequest, 'method' | 'url'>, error: unknown, timeoutMs: number): Error {
  // Several addresses tried at once (localhost as ::1 and 127.0.0.1): the first one's cause names the failure.
  const failure = (error as { errors?: unknown[] }).errors?.[0] ?? error;
  const code = (error as { code?: string }).code ?? (failure as { code?: string }).code ?? (error as Error).name;
  const target = `${outgoing.method} ${outgoing.url}`;
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError(`${target} refused the connection (ECONNREFUSED)`, 'is the server running on that port?');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError(`${target}: host not found (${code})`, 'check the host name in the URL');
    case 'HEADERS_TIMEOUT':
    case 'BODY_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new TransportError(`${target} did not answer within ${Math.round(timeoutMs / 1000)}s`, 'is the server stuck? raise --timeout if it is just slow');
    case 'AbortError':
    case 'ABORT_ERR':
      return new TransportError(`${target} was abandoned: the run ended before it answered`);
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
      return new TransportError(`${target}: the server closed the connection without answering (${code})`);
    default:
      return new TransportError(`${target} failed: ${previewText((error as Error).message ?? String(error), 200)} (${code})`);
  }
}

/** A short, safe description of an answer for error messages. */
export function describeAnswer(answer: Exchange): string {
  const body = answer.text ? `: ${previewText(answer.text, 160)}` : '';
  return `${answer.status}${body}`;
}
