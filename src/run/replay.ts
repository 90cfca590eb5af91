import { request } from 'undici';
import type { CbEventOf } from '../core/events.js';
import { formatQuery, headersToSendOn, resendUrl } from '../core/resend.js';
import type { Clock } from './engine-deps.js';

/** Re-sends a recorded callback (method, path, query, headers, exact bytes) to `target`; returns one line saying how it went. */
export async function replayCallback(event: CbEventOf<'callback'>, target: string, clock: Pick<Clock, 'now'>): Promise<string> {
  const url = resendUrl(target, event.path, formatQuery(event.query));
  const headers = headersToSendOn(event.headers);
  const started = clock.now();
  try {
    const response = await request(url, {
      method: event.method as 'POST',
      headers,
      body: event.method === 'GET' || event.method === 'HEAD' ? null : Buffer.from(event.bodyBase64, 'base64'),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    return `replayed #${event.seq} to ${url.origin}: ${response.statusCode} in ${clock.now() - started}ms`;
  } catch (error) {
    return `replay of #${event.seq} to ${url.origin} failed: ${(error as Error).message}`;
  }
}
