import type { Headers } from './events.js';

/**
 * Sending a received callback on — forwarding it to the user's app, replaying it, writing it as curl — always means
 * the same three things: the same target URL rule, the same query, and the same headers left behind.
 */

// Headers that describe one connection (or, for expect, one handshake), not the message: the next hop writes its own.
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']);

/** True for a header that must not be copied when a message is sent on (hop-by-hop, framing, proxy-*, HTTP/2 pseudo-headers). */
export function isConnectionHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return CONNECTION_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith(':');
}

/** The headers worth sending on: connection headers dropped, and so are the ones the Connection header names. */
export function headersToSendOn(headers: Headers): Headers {
  const named = new Set(
    [headers.connection ?? []]
      .flat()
      .join(',')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!isConnectionHeader(lower) && !named.has(lower)) kept[lower] = value;
  }
  return kept;
}

/** A recorded query as a query string (without `?`), repeated keys kept in order. */
export function formatQuery(query: Record<string, string | string[]>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of [value].flat()) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(item)}`);
  }
  return parts.join('&');
}

/** Where a callback goes when sent on: the target's path followed by the callback's path, the target's query first. */
export function resendUrl(target: string | URL, path: string, search: string): URL {
  const url = new URL(target);
  if (path && path !== '/') {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  } else if (path === '/' && !url.pathname.endsWith('/')) {
    url.pathname = `${url.pathname}/`;
  }
  if (search) url.search = url.search ? `${url.search}&${search}` : `?${search}`;
  return url;
}
