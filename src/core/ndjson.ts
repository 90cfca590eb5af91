import type { CbEvent } from './events.js';

// Both the --json stream and the --record file serialise each event; do it once.
const cache = new WeakMap<CbEvent, string>();

/** The event as one NDJSON line, newline included. */
export function toNdjsonLine(event: CbEvent): string {
  let line = cache.get(event);
  if (line === undefined) {
    line = `${JSON.stringify(event)}\n`;
    cache.set(event, line);
  }
  return line;
}
