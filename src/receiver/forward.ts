import { isUtf8 } from 'node:buffer';
import { request, type Dispatcher } from 'undici';
import { UsageError } from '../core/errors.js';
import { formatDuration } from '../core/duration.js';
import { formatBytes, previewText } from '../core/terminal-text.js';
import { describeNetworkError } from '../tunnel/abortable.js';
import { headersToSendOn, resendUrl } from '../core/resend.js';

export interface ForwardRequest {
  method: string;
  /** The part of the callback's URL after the receiver's own path, query included (`/orders/7?x=1`). */
  pathAndQuery: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface ForwardResult {
  url: string;
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: Buffer;
  durationMs: number;
  bodyPreview?: string;
  error?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Checks a `--forward-to` value up front, so a typo is a usage error (exit 2) and not one error per callback. */
export function parseForwardTarget(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--forward-to '${value}' is not an http(s) URL`, 'for example --forward-to http://127.0.0.1:3000/webhooks');
  }
  return url;
}

/** The URL a callback is forwarded to: the target's path with the callback's suffix appended, queries merged. */
export function forwardUrl(target: string | URL, pathAndQuery: string): URL {
  const queryAt = pathAndQuery.indexOf('?');
  return queryAt === -1 ? resendUrl(target, pathAndQuery, '') : resendUrl(target, pathAndQuery.slice(0, queryAt), pathAndQuery.slice(queryAt + 1));
}

/**
 * Replays a callback to the user's app, byte for byte, and returns the app's answer. Never throws: a target
 * that refuses, times out or fails comes back as `error`, one line naming the app and what to do.
 */
export async function forwardCallback(
  target: string,
  forwarded: ForwardRequest,
  options: { timeoutMs?: number; dispatcher?: Dispatcher; signal?: AbortSignal } = {},
): Promise<ForwardResult> {
  const started = performance.now();
  let url: URL;
  try {
    url = forwardUrl(parseForwardTarget(target), forwarded.pathAndQuery);
  } catch (error) {
    return { url: target, durationMs: 0, error: error instanceof Error ? error.message : String(error) };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = headersToSendOn(forwarded.headers);
  const hasBody = forwarded.body.length > 0;
  if (hasBody) headers['content-length'] = String(forwarded.body.length);
  try {
    const response = await request(url, {
      method: forwarded.method.toUpperCase() as Dispatcher.HttpMethod,
      headers,
      body: hasBody ? forwarded.body : null,
      signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return {
      url: url.href,
      status: response.statusCode,
      headers: dropUndefined(response.headers),
      body,
      durationMs: performance.now() - started,
      bodyPreview: previewBody(body),
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const why = timedOut ? `did not answer within ${formatDuration(timeoutMs)}` : `is not answering (${describeNetworkError(error)})`;
    return { url: url.href, durationMs: performance.now() - started, error: `app at ${url.origin} ${why}; start it or fix --forward-to` };
  }
}

function dropUndefined(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) kept[name] = value;
  return kept;
}

/** A one-line, terminal-safe preview; binary bodies are described, not shown. */
function previewBody(body: Buffer): string {
  if (body.length === 0) return '';
  if (!isUtf8(body)) return `<${formatBytes(body.length)} binary>`;
  return previewText(body.toString('utf8'), 120);
}
