import { parseQuery } from '../core/body-decoding.js';
import type { CallbackEvent, Headers } from '../core/events.js';
import type { RelayedRequest } from './relay-protocol.js';

/**
 * A request the relay refused for its size never reaches the local receiver; the client records it as the receiver
 * would have recorded a body over its own --body-limit.
 */
export function rejectedCallbackDraft(entry: RelayedRequest & { rejected: { size: number; limit: number } }): CallbackEvent {
  const mark = entry.target.indexOf('?');
  const headers = headersObject(entry.headers);
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : null;
  return {
    type: 'callback',
    method: entry.method,
    path: mark === -1 ? entry.target : entry.target.slice(0, mark),
    query: parseQuery(mark === -1 ? '' : entry.target.slice(mark)),
    headers,
    body: null,
    bodyText: null,
    bodyBase64: '',
    size: entry.rejected.size,
    contentType,
    remote: entry.remote,
    response: { status: 413 },
    matched: false,
    note: `body of ${entry.rejected.size} bytes is over the relay's ${entry.rejected.limit}-byte limit (raise 'cbtest relay --body-limit')`,
    rejected: { reason: 'body too large', size: entry.rejected.size },
  };
}

/** Header lines as the receiver records them: lower-cased names, repeated ones as arrays. */
function headersObject(lines: string[]): Headers {
  const headers: Headers = {};
  for (let index = 0; index + 1 < lines.length; index += 2) {
    const name = lines[index]!.toLowerCase();
    const value = lines[index + 1]!;
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [existing, value].flat();
  }
  return headers;
}
