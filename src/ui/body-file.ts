import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CbEvent } from '../core/events.js';

const EXTENSIONS: Array<[RegExp, string]> = [
  [/json/, 'json'],
  [/x-www-form-urlencoded/, 'form'],
  [/html/, 'html'],
  [/xml/, 'xml'],
  [/^text\//, 'txt'],
];

function extensionFor(contentType: string | null, isText: boolean): string {
  const type = (contentType ?? '').toLowerCase();
  return EXTENSIONS.find(([pattern]) => pattern.test(type))?.[1] ?? (isText ? 'txt' : 'bin');
}

function valueBytes(value: unknown): { bytes: Buffer; extension: string } | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return { bytes: Buffer.from(value, 'utf8'), extension: 'txt' };
  return { bytes: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'), extension: 'json' };
}

/** The whole body of an event as bytes: a callback's exact bytes, a request's or acknowledgment's body as recorded. */
export function bodyBytes(event: CbEvent): { bytes: Buffer; extension: string } | null {
  switch (event.type) {
    case 'callback':
      if (event.rejected) return null;
      return { bytes: Buffer.from(event.bodyBase64, 'base64'), extension: extensionFor(event.contentType, event.bodyText !== null) };
    case 'request':
    case 'ack':
      return valueBytes(event.body);
    case 'assertion':
      return valueBytes(event.actual);
    default:
      return null;
  }
}

/** Writes the selected event's body next to the curl scripts; returns its path and size, or why not. */
export function saveBody(event: CbEvent, directory = tmpdir()): { path: string; size: number } | { error: string } {
  const body = bodyBytes(event);
  if (!body) return { error: `#${event.seq} has no body to save` };
  const path = join(directory, `cbtest-body-${process.pid}-${event.seq}.${body.extension}`);
  try {
    writeFileSync(path, body.bytes, { mode: 0o600 });
    return { path, size: body.bytes.length };
  } catch (error) {
    return { error: `could not save the body of #${event.seq}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}
