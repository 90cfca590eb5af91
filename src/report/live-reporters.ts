import { Chalk, type ChalkInstance } from 'chalk';
import type { EventStore } from '../core/event-store.js';
import type { CbEvent } from '../core/events.js';
import type { LineTone } from '../core/format-event.js';
import { formatEventLine } from '../core/format-event.js';
import { toNdjsonLine } from '../core/ndjson.js';
import { escapeKeepingLayout, truncate } from '../core/terminal-text.js';
import { batchedWriter, type Writable } from './batched-writer.js';

export type { Writable } from './batched-writer.js';


function attachLines(store: EventStore, out: Writable, toLine: (event: CbEvent) => string): () => void {
  const writer = batchedWriter(out);
  const unsubscribe = store.subscribe((event) => writer.write(toLine(event)));
  return () => {
    unsubscribe();
    writer.flush();
  };
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

const ANSWER_SHOWN_MAX = 64 * 1024;

/** The whole answer body under its `←` line (`cbtest send` shows what the target said), escaped. */
function answerBody(event: CbEvent): string {
  if (event.type !== 'ack' || event.body === null || event.body === '') return '';
  const text = typeof event.body === 'string' ? event.body : JSON.stringify(event.body);
  return `${truncate(escapeKeepingLayout(text), ANSWER_SHOWN_MAX)}\n`;
}

/** Plain mode: one readable line per event, colour only when asked for. */
export function plainReporter(out: Writable, options: { color: boolean; answerBodies?: boolean }): LiveReporter {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  return (store) =>
    attachLines(store, out, (event) => {
      const line = formatEventLine(event);
      const body = options.answerBodies ? answerBody(event) : '';
      return `${toneColour(chalk, line.tone)(line.text)}\n${body}`;
    });
}

/** JSON mode: NDJSON, one event per line, nothing else on stdout. */
export function jsonReporter(out: Writable): LiveReporter {
  return (store) => attachLines(store, out, toNdjsonLine);
}
