import type { CbEvent } from './events.js';

// Both the --json stream and the --record file serialise each event, one right after the other: do it once.
// Only the last line is kept; a cache per event would keep every large body's line alive as long as its event.
let lastEvent: CbEvent | null = null;
let lastLine = '';

/** The event as one NDJSON line, newline included. */
export function toNdjsonLine(event: CbEvent): string {
  if (event !== lastEvent) {
    lastLine = `${JSON.stringify(event)}\n`;
    lastEvent = event;
  }
  return lastLine;
}
