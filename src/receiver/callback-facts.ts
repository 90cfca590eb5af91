import { decodeBody, parseQuery, type DecodedBody } from '../core/body-decoding.js';
import type { Headers } from '../core/events.js';
import { madeAsBase64 } from '../core/ndjson.js';
import type { CollectedBody } from './body-collector.js';
import type { CallbackFacts } from '../core/callback-facts.js';

// The contract types live in core (flows and the engine use them too).
export type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';

const EMPTY = Buffer.alloc(0);

/** The recorded facts of a request: path, query, headers, the exact bytes and their decoding. */
export function describeCallback(method: string, path: string, search: string, headers: Headers, remote: string, collected: CollectedBody): CallbackFacts {
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : null;
  const bytes = collected.kind === 'complete' ? collected.bytes : EMPTY;
  const decoded: DecodedBody = collected.kind === 'complete' ? decodeBody(bytes, contentType) : { body: null, bodyText: null };
  const facts: CallbackFacts = {
    method,
    path,
    query: parseQuery(search),
    headers,
    body: decoded.body,
    bodyText: decoded.bodyText,
    bodyBase64: madeAsBase64(bytes.toString('base64')),
    size: collected.kind === 'complete' ? bytes.length : collected.kind === 'aborted' ? collected.received : collected.size,
    contentType,
    remote,
  };
  // Set after, not spread in: a literal with no spread is made in one step, and the note is rare.
  if (decoded.bodyNote !== undefined) facts.bodyNote = decoded.bodyNote;
  return facts;
}
