import { forgetParsedText, jsonTextOf, NO_QUERY } from './body-decoding.js';
import type { CbEvent } from './events.js';

// Both the --json stream and the --record file serialise each event, one right after the other: do it once.
// Only the last line is kept; a cache per event would keep every large body's line alive as long as its event.
let lastEvent: CbEvent | null = null;
let lastLine = '';

/** The event as one NDJSON line, newline included. */
export function toNdjsonLine(event: CbEvent): string {
  if (event !== lastEvent) {
    lastLine = `${event.type === 'callback' ? callbackJson(event) : JSON.stringify(event)}\n`;
    lastEvent = event;
  }
  return lastLine;
}

type Callback = CbEvent & { type: 'callback' };

const LINE_BREAK = /[\r\n]/;
const LINE_BREAKS = /[\r\n]/g;

// The members every callback has, written by one template in this order; any others follow in their own order.
const ENVELOPE = new Set(['type', 'seq', 'at', 'method', 'path', 'query', 'headers', 'body', 'bodyText', 'bodyBase64', 'size', 'contentType', 'remote', 'response', 'matched']);

/**
 * A callback line, written by hand: under a flood this runs once per callback, and one template beats a
 * JSON.stringify per member (or of the whole event) by about a third; members that repeat from one callback to the
 * next (the time, method, path, content type, the answer) reuse their last JSON. A JSON body parsed from its own bodyText is
 * written as that text instead of the parsed value serialised again (the same JSON, exact to the bytes: `1.0`, big
 * integers, key order); raw line breaks in valid JSON can only be whitespace between tokens, so they become spaces.
 */
function callbackJson(event: Callback): string {
  if (!hasEnvelope(event)) return JSON.stringify(event);
  const text = jsonTextOf(event.body);
  if (text !== undefined) forgetParsedText();
  // A redacted callback has a new bodyText (and maybe a new body): only the untouched pair is written raw.
  const body = text === undefined || text !== event.bodyText ? JSON.stringify(event.body) : LINE_BREAK.test(text) ? text.replace(LINE_BREAKS, ' ') : text;
  // Base64 never needs escaping; checking that it is base64 costs less than escaping it, and the receiver's own needs no check.
  const base64 = event.bodyBase64 === madeBase64 || BASE64.test(event.bodyBase64) ? `"${event.bodyBase64}"` : JSON.stringify(event.bodyBase64);
  // seq through JSON.stringify, not `${seq}`: a template's number-to-text goes through V8's number-string cache, which
  // holds each new seq's text from old space until a later number takes its slot, so every callback's seq text was
  // promoted out of the young generation (about 25 of the 26 bytes per callback that survived a scavenge).
  let out =
    `{"type":"callback","seq":${JSON.stringify(event.seq)},"at":${atJson(event.at)},"method":${methodJson(event.method)},"path":${pathJson(event.path)}` +
    `,"query":${event.query === NO_QUERY ? '{}' : JSON.stringify(event.query)},"headers":${JSON.stringify(event.headers)},"body":${body},"bodyText":${JSON.stringify(event.bodyText)}` +
    `,"bodyBase64":${base64},"size":${event.size},"contentType":${event.contentType === null ? 'null' : contentTypeJson(event.contentType)},"remote":${JSON.stringify(event.remote)}` +
    `,"response":${responseJson(event.response)},"matched":${event.matched}`;
  // Members beyond the envelope (a note, a signature verdict, the case) follow in their own order. Most callbacks have
  // none: counting the keys first is cheaper than looking each up (and, unlike Object.keys, allocates nothing).
  if (memberCount(event) !== ENVELOPE.size) {
    for (const key in event) {
      if (ENVELOPE.has(key)) continue;
      const value = JSON.stringify((event as unknown as Record<string, unknown>)[key]);
      if (value !== undefined) out += `,${JSON.stringify(key)}:${value}`;
    }
  }
  return `${out}}`;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// The base64 the receiver made last (one slot, like the parsed body's text): its line is written right after.
let madeBase64 = '';

/** Marks `base64` as made by an encoder (the receiver's bytes.toString('base64')), so its line needs no check; returns it. */
export function madeAsBase64(base64: string): string {
  madeBase64 = base64;
  return base64;
}

function memberCount(event: object): number {
  let count = 0;
  for (const _ in event) count += 1;
  return count;
}

/**
 * A value's JSON, remembering the last one: under a flood the time, method, path, content type and the answer repeat.
 * Strings are compared by value; the answer's headers by identity (one object per set of response rules, never
 * changed once made).
 */
function lastJsonOf(): (value: unknown) => string {
  let last: unknown = NOTHING_YET;
  let json = '';
  return (value) => {
    if (value !== last) {
      last = value;
      json = JSON.stringify(value) ?? 'null';
    }
    return json;
  };
}

const NOTHING_YET = Symbol('nothing serialised yet');
const atJson = lastJsonOf();
const methodJson = lastJsonOf();
const pathJson = lastJsonOf();
const contentTypeJson = lastJsonOf();
const answerBodyJson = lastJsonOf();
const answerHeadersJson = lastJsonOf();

/** The usual answer (status, headers, maybe a body, the duration) by a template; any other shape as JSON.stringify writes it. */
function responseJson(response: Callback['response']): string {
  const { status, headers, body, durationMs } = response;
  const usual = typeof status === 'number' && typeof headers === 'object' && headers !== null && typeof durationMs === 'number' && (body === undefined || typeof body === 'string');
  if (!usual || !Number.isFinite(status) || !Number.isFinite(durationMs) || memberCount(response) !== (body === undefined ? 3 : 4)) return JSON.stringify(response);
  return `{"status":${status},"headers":${answerHeadersJson(headers)},${body === undefined ? '' : `"body":${answerBodyJson(body)},`}"durationMs":${durationMs}}`;
}

// The template assumes each member is there with its JSON type; a hand-made or odd event goes the general way.
function hasEnvelope(event: Callback): boolean {
  return (
    Number.isFinite(event.seq) &&
    Number.isFinite(event.size) &&
    typeof event.matched === 'boolean' &&
    typeof event.at === 'string' &&
    typeof event.method === 'string' &&
    typeof event.path === 'string' &&
    typeof event.remote === 'string' &&
    typeof event.bodyBase64 === 'string' &&
    event.query !== undefined &&
    event.headers !== undefined &&
    event.body !== undefined &&
    event.bodyText !== undefined &&
    event.contentType !== undefined &&
    event.response !== undefined
  );
}
