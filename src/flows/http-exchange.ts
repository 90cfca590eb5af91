import { request } from 'undici';
import { TransportError } from '../core/errors.js';
import type { EventDraft, Headers } from '../core/events.js';
import { tryParseJson } from '../core/json-text.js';
import { previewText } from '../core/terminal-text.js';

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
  const sent = append({ type: 'request', label: outgoing.label, method: outgoing.method, url: outgoing.url, headers, body: outgoing.body ?? null });
  const started = performance.now();
  const timeoutMs = outgoing.timeoutMs ?? 30_000;
  try {
    const response = await request(outgoing.url, {
      method: outgoing.method as 'POST',
      headers,
      body: payload ?? null,
      signal: outgoing.signal ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await response.body.text();
    const parsed = tryParseJson(text);
    const result: Exchange = {
      status: response.statusCode,
      headers: response.headers as Headers,
      body: parsed.ok ? parsed.value : text === '' ? null : text,
      text,
      contentType: String(response.headers['content-type'] ?? ''),
      durationMs: Math.round(performance.now() - started),
    };
    append({ type: 'ack', label: outgoing.label, requestSeq: sent.seq, status: result.status, headers: result.headers, body: result.body, durationMs: result.durationMs });
    return result;
  } catch (error) {
    throw describeTransportFailure(outgoing, error, timeoutMs);
  }
}

/** One line for a request that got no answer, naming it and the likely cause (the replay uses it too). */
export function describeTransportFailure(outgoing: Pick<OutgoingRequest, 'method' | 'url'>, error: unknown, timeoutMs: number): Error {
  const code = (error as { code?: string }).code ?? (error as Error).name;
  const target = `${outgoing.method} ${outgoing.url}`;
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError(`${target} refused the connection (ECONNREFUSED)`, 'is the server running on that port?');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError(`${target}: host not found (${code})`, 'check the host name in the URL');
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new TransportError(`${target} did not answer within ${Math.round(timeoutMs / 1000)}s`, 'is the server stuck? raise --timeout if it is just slow');
    case 'AbortError':
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
