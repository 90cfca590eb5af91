import { TransportError } from '../core/errors.js';
import type { EventDraft } from '../core/events.js';
import { exchange, type Exchange } from './http-exchange.js';

export interface SendRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Raw text to send (JSON by default content type), or undefined for no body. */
  body: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Plays the external system that calls a callback URL (a payment gateway activating a paused flow).
 * Anything but a 2xx answer is a TransportError (exit 4), after the answer is recorded.
 */
export async function sendRequest(request: SendRequest, append: (draft: EventDraft) => { seq: number }): Promise<Exchange> {
  const headers = request.body !== undefined && !hasHeader(request.headers, 'content-type') ? { 'content-type': 'application/json', ...request.headers } : request.headers;
  const answer = await exchange(
    { label: 'send', method: request.method, url: request.url, headers, body: request.body, timeoutMs: request.timeoutMs, ...(request.signal ? { signal: request.signal } : {}) },
    append,
  );
  if (answer.status < 200 || answer.status > 299) throw new TransportError(`${request.url} answered ${answer.status}`);
  return answer;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
