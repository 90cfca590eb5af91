import type { Headers } from '../core/events.js';

/** The CloudEvents webhook abuse-protection request (http-webhook.md §4), as a sender sends it. */
export interface HandshakeRequest {
  origin: string;
  /** `WebHook-Request-Callback`: the sender wants the grant confirmed by a GET there. */
  callbackUrl: string | null;
  /** `WebHook-Request-Rate`, requests per minute, when asked. */
  requestedRate: number | null;
}

/** The validation request an OPTIONS carries, or null when it is a plain OPTIONS (another producer's probe). */
export function readHandshake(method: string, headers: Headers): HandshakeRequest | null {
  if (method !== 'OPTIONS') return null;
  const origin = first(headers['webhook-request-origin'])?.trim();
  if (!origin) return null;
  const callbackUrl = first(headers['webhook-request-callback'])?.trim() || null;
  const rate = Number(first(headers['webhook-request-rate']));
  return { origin, callbackUrl, requestedRate: Number.isInteger(rate) && rate > 0 ? rate : null };
}

/** cbtest grants every origin, at the rate asked (or any rate): a test receiver exists to be called. */
export function grantHeaders(request: HandshakeRequest): Record<string, string> {
  return {
    allow: 'POST, OPTIONS',
    'webhook-allowed-origin': request.origin,
    'webhook-allowed-rate': request.requestedRate === null ? '*' : String(request.requestedRate),
  };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
