import { tryParseJson } from './json-text.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface DecodedBody {
  /** Parsed JSON or form body, else null. */
  body: unknown;
  /** UTF-8 text, or null when the bytes are not valid UTF-8. */
  bodyText: string | null;
  /** Set when valid JSON is kept as text only: nested deeper than every view (NDJSON, queries, the dashboard) can walk. */
  bodyNote?: string;
}

// The last JSON body parsed and the text it came from, so the record can write that text instead of serialising the
// value again. One entry, not a WeakMap keyed by every body: the line is written right after the body is decoded, and
// a WeakMap entry per callback was garbage the collector had to trace under a flood.
let lastParsed: object | null = null;
let lastParsedText = '';

/** The JSON text `body` was parsed from, when it is the object or array decoded here last; else undefined. */
export function jsonTextOf(body: unknown): string | undefined {
  return body !== null && body === lastParsed ? lastParsedText : undefined;
}

/** Lets go of the last parsed body's text (once its line is written), so a large body is not kept alive by it. */
export function forgetParsedText(): void {
  lastParsed = null;
  lastParsedText = '';
}

/** Deeper JSON overflows the stack of JSON.stringify and of every recursive walk; such a body is kept as text and bytes. */
export const MAX_JSON_DEPTH = 1000;

// Reaching MAX_JSON_DEPTH takes at least that many opening brackets, so shorter texts need no scan (the hot path).
function nestingExceeds(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return false;
}

function mediaType(contentType: string | null): string {
  if (contentType === 'application/json') return contentType;
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseForm(text: string): Record<string, string | string[]> {
  // No prototype: `?constructor=2` and a `__proto__` field are members like any other, not Object's own.
  const fields = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = fields[key];
    if (existing === undefined) fields[key] = value;
    else fields[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

/**
 * Parses a received body for display and queries only: the exact bytes are kept elsewhere and never rebuilt from this.
 * JSON is recognised by its media type (`application/json`, `*+json`) or, when the sender gave none, by its shape.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  if (bytes.length === 0) return { body: null, bodyText: '' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { body: null, bodyText: null };
  }
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') return { body: parseForm(text), bodyText: text };
  const looksJson = type === 'application/json' || type.endsWith('+json') || type === '' || type === 'text/plain';
  if (looksJson) {
    if (nestingExceeds(text, MAX_JSON_DEPTH)) {
      const valid = tryParseJson(text).ok;
      if (valid) return { body: null, bodyText: text, bodyNote: `JSON nested over ${MAX_JSON_DEPTH} levels deep: kept as text and exact bytes, not parsed` };
      return { body: null, bodyText: text };
    }
    // JSON.parse in place, not through tryParseJson: its result object was one more allocation per callback.
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { body: null, bodyText: text };
    }
    if (typeof value === 'object' && value !== null) {
      lastParsed = value;
      lastParsedText = text;
    }
    return { body: value, bodyText: text };
  }
  return { body: null, bodyText: text };
}

/** The probe some JSON-RPC producers POST before accepting a callback URL. */
export function isRpcCallbackProbe(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return keys.length === 1 && (body as Record<string, unknown>)['rpc.callback'] === 'check real webhook url';
}

/** The query of every callback that has none: one object, frozen, so no reader can change it for the others. */
export const NO_QUERY: Readonly<Record<string, string | string[]>> = Object.freeze(Object.create(null) as Record<string, string | string[]>);

export function parseQuery(search: string): Record<string, string | string[]> {
  // Most callbacks carry no query: no URLSearchParams, and no object of their own, for nothing.
  if (search === '' || search === '?') return NO_QUERY as Record<string, string | string[]>;
  return parseForm(search.startsWith('?') ? search.slice(1) : search);
}
