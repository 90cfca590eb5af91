import { UsageError } from './errors.js';
import type { CbEvent } from './events.js';

/** One line of a record file, checked and kept with where it came from. */
export interface RecordedLine {
  /** 1-based line number in the file. */
  line: number;
  /** The line as written (without its newline), so `view --json` re-emits exactly what was recorded. */
  text: string;
  event: CbEvent;
}

type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'string|null' | 'number|null';

// What each known event type must carry for the views and the replay to read it; unknown types (from a newer cbtest) pass.
const REQUIRED_FIELDS: Record<string, ReadonlyArray<readonly [string, FieldKind]>> = {
  listening: [['url', 'string']],
  request: [['method', 'string'], ['url', 'string']],
  ack: [['status', 'number']],
  callback: [
    ['method', 'string'],
    ['path', 'string'],
    ['query', 'object'],
    ['headers', 'object'],
    ['bodyBase64', 'string'],
    ['bodyText', 'string|null'],
    ['size', 'number'],
    ['response', 'object'],
    ['matched', 'boolean'],
  ],
  probe: [['method', 'string'], ['path', 'string']],
  tunnel: [['state', 'string']],
  assertion: [['pass', 'boolean'], ['message', 'string']],
  result: [['pass', 'boolean'], ['exitCode', 'number'], ['durationMs', 'number']],
};

/** The event types this cbtest's views can draw; others are kept for `--json` and left out elsewhere. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(REQUIRED_FIELDS));

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HINT = 'a record is what --record or --json wrote: one JSON event per line';

/** A file that is not a cbtest record: exit 2, naming the file, the line and what is wrong with it. */
export class RecordFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`, HINT);
    this.name = 'RecordFileError';
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function withArticle(kind: string): string {
  return kind === 'null' ? 'null' : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function fits(value: unknown, kind: FieldKind): boolean {
  const actual = kindOf(value);
  return kind.split('|').includes(actual);
}

/** Checks one line; returns the event or throws naming what is wrong. Blank lines are the caller's to skip. */
export function parseRecordLine(text: string, line: number, file: string): CbEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordFileError(file, line, `not JSON: ${preview(text)}`);
  }
  if (kindOf(value) !== 'object') throw new RecordFileError(file, line, `not an event: a JSON ${kindOf(value)}, not an object`);
  const event = value as Record<string, unknown>;
  if (!('type' in event)) throw new RecordFileError(file, line, 'no "type"');
  if (typeof event.type !== 'string' || event.type === '') throw new RecordFileError(file, line, '"type" is not a name');
  if (!('seq' in event)) throw new RecordFileError(file, line, 'no "seq"');
  if (!Number.isSafeInteger(event.seq) || (event.seq as number) < 1) throw new RecordFileError(file, line, `"seq" ${JSON.stringify(event.seq)} is not a whole number from 1`);
  if (!('at' in event)) throw new RecordFileError(file, line, 'no "at"');
  if (typeof event.at !== 'string' || Number.isNaN(Date.parse(event.at))) throw new RecordFileError(file, line, `"at" ${preview(JSON.stringify(event.at))} is not an ISO-8601 time`);
  for (const [field, kind] of REQUIRED_FIELDS[event.type] ?? []) {
    if (!(field in event)) throw new RecordFileError(file, line, `${event.type} event has no "${field}"`);
    if (!fits(event[field], kind)) throw new RecordFileError(file, line, `${event.type} "${field}" is ${withArticle(kindOf(event[field]))}, not ${kind.split('|').map(withArticle).join(' or ')}`);
  }
  if (event.type === 'callback' && !BASE64.test(event.bodyBase64 as string)) throw new RecordFileError(file, line, 'callback "bodyBase64" is not base64');
  return event as unknown as CbEvent;
}

/** Every event of a record file's text, each checked; the first bad line ends the reading. */
export function parseRecordText(text: string, file: string): RecordedLine[] {
  const lines: RecordedLine[] = [];
  let start = 0;
  for (let number = 1; start < text.length; number += 1) {
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
    start = end === -1 ? text.length : end + 1;
    if (raw.trim() === '') continue;
    lines.push({ line: number, text: raw, event: parseRecordLine(raw, number, file) });
  }
  if (lines.length === 0) throw new RecordFileError(file, 1, 'the file is empty: no events recorded');
  return lines;
}

function preview(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}
