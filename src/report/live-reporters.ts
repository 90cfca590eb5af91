import { Chalk, type ChalkInstance } from 'chalk';
import type { EventStore } from '../core/event-store.js';
import type { LineTone } from '../core/format-event.js';
import { formatEventLine } from '../core/format-event.js';
import { toNdjsonLine } from '../core/ndjson.js';

export interface Writable {
  write(chunk: string): unknown;
}

/** A live view of the event store; returns its detach function. */
export type LiveReporter = (store: EventStore) => () => void;

function toneColour(chalk: ChalkInstance, tone: LineTone): (text: string) => string {
  switch (tone) {
    case 'good':
      return chalk.green;
    case 'bad':
      return chalk.red;
    case 'warn':
      return chalk.yellow;
    case 'muted':
      return chalk.dim;
    case 'info':
      return (text) => text;
  }
}

/** Plain mode: one readable line per event, colour only when asked for. */
export function plainReporter(out: Writable, options: { color: boolean }): LiveReporter {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  return (store) =>
    store.subscribe((event) => {
      const line = formatEventLine(event);
      out.write(`${toneColour(chalk, line.tone)(line.text)}\n`);
    });
}

/** JSON mode: NDJSON, one event per line, nothing else on stdout. */
export function jsonReporter(out: Writable): LiveReporter {
  return (store) => store.subscribe((event) => out.write(toNdjsonLine(event)));
}
