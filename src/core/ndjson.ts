import { jsonTextOf } from './body-decoding.js';
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

const LINE_BREAK = /[\r\n]/;
const LINE_BREAKS = /[\r\n]/g;

/**
 * A callback whose body is JSON parsed from its own bodyText gets that text as its `body`, instead of the parsed value
 * serialised again (the same JSON, without the work, and exact to the bytes: `1.0`, big integers, key order).
 * Raw line breaks in valid JSON can only be whitespace between tokens, so they become spaces and the line stays one.
 */
function callbackJson(event: CbEvent & { type: 'callback' }): string {
  const text = jsonTextOf(event.body);
  // A redacted callback has a new bodyText (and maybe a new body): only the untouched pair is written raw.
  if (text === undefined || text !== event.bodyText) return JSON.stringify(event);
  const body = LINE_BREAK.test(text) ? text.replace(LINE_BREAKS, ' ') : text;
  let out = '{';
  for (const key in event) {
    const value = (event as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    out += `${out.length === 1 ? '"' : ',"'}${key}":${key === 'body' ? body : JSON.stringify(value)}`;
  }
  return `${out}}`;
}
