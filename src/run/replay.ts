import { request } from 'undici';
import type { CbEventOf } from '../core/events.js';

const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** Re-sends a recorded callback (method, path, query, headers, exact bytes) to `target`; returns one line saying how it went. */
export async function replayCallback(event: CbEventOf<'callback'>, target: string): Promise<string> {
  const url = new URL(target);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${event.path}`;
  for (const [key, value] of Object.entries(event.query)) for (const item of [value].flat()) url.searchParams.append(key, item);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(event.headers)) if (!SKIPPED_HEADERS.has(name)) headers[name] = value;
  const started = Date.now();
  try {
    const response = await request(url, {
      method: event.method as 'POST',
      headers,
      body: event.method === 'GET' || event.method === 'HEAD' ? null : Buffer.from(event.bodyBase64, 'base64'),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    return `replayed #${event.seq} to ${url.origin}: ${response.statusCode} in ${Date.now() - started}ms`;
  } catch (error) {
    return `replay of #${event.seq} to ${url.origin} failed: ${(error as Error).message}`;
  }
}
