import { formatClock } from '../core/clock-text.js';
import { formatDuration } from '../core/duration.js';
import type { CbEvent, CbEventOf, Headers } from '../core/events.js';
import { escapeControlChars, formatBytes, previewText } from '../core/terminal-text.js';
import { replayOf, sinceAckOf } from './event-extras.js';
import { fitCell, span, type Line } from './styled-text.js';
import { statusTone, type Tone } from './theme.js';

/** The cells of one list row; every string is escaped and short. */
export interface RowCells {
  time: string;
  mark: string;
  markTone?: Tone | undefined;
  kind: string;
  method: string;
  target: string;
  status: string;
  statusTone?: Tone | undefined;
  /** An acknowledgment's round trip, or how long after the acknowledgment a callback arrived (`+1.2s`). */
  took: string;
  size: string;
  type: string;
  note: string;
  noteTone?: Tone | undefined;
  preview: string;
  /** Events that are not HTTP traffic read as one sentence after the kind instead of columns. */
  sentence?: string;
  sentenceTone?: Tone | undefined;
}

const PREVIEW_SOURCE = 400;
const PREVIEW_CHARS = 240;

// One clock format for every view (core/clock-text.ts).
const clock = formatClock;

/** One-word content type for the list: json, form, text, html, xml, multi, bin. */
export function shortContentType(contentType: string | null, isText: boolean): string {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('x-www-form-urlencoded')) return 'form';
  if (type.includes('multipart')) return 'multi';
  if (type.includes('html')) return 'html';
  if (type.includes('xml')) return 'xml';
  if (type.startsWith('text/')) return 'text';
  if (type === '') return isText ? '' : 'bin';
  return isText ? 'text' : 'bin';
}

function safe(text: string, max = PREVIEW_CHARS): string {
  return previewText(text.length > PREVIEW_SOURCE ? text.slice(0, PREVIEW_SOURCE) : text, max);
}

function valuePreview(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return safe(value);
  const json = JSON.stringify(value) ?? String(value);
  return safe(json);
}

function queryText(query: Record<string, string | string[]>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return '';
  return `?${entries.map(([key, value]) => [value].flat().map((item) => `${key}=${item}`).join('&')).join('&')}`;
}

function blank(time: string): RowCells {
  return { time, mark: ' ', kind: '', method: '', target: '', status: '', took: '', size: '', type: '', note: '', preview: '' };
}

function headerValue(headers: Headers, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function sizeFromHeaders(headers: Headers): string {
  const length = Number(headerValue(headers, 'content-length') ?? NaN);
  return Number.isFinite(length) ? formatBytes(length) : '';
}

/** The request an acknowledgment answers, when it is still kept; rows of acks show its method and URL. */
export type RequestLookup = (seq: number) => CbEventOf<'request'> | undefined;

/** What a row says about an event; computed once per event and cached by the list. */
export function rowCells(event: CbEvent, requestOf: RequestLookup = () => undefined): RowCells {
  const row = eventCells(event, requestOf);
  // `cbtest run`: which case a row belongs to comes first, since its planted path says nothing to a person.
  if (event.case === undefined) return row;
  const owner = `${safe(event.case, 40)} › `;
  return row.sentence === undefined ? { ...row, target: `${owner}${row.target}` } : { ...row, sentence: `${owner}${row.sentence}` };
}

function eventCells(event: CbEvent, requestOf: RequestLookup): RowCells {
  const row = blank(clock(event.at));
  switch (event.type) {
    case 'callback': {
      const status = event.response.status;
      const sinceAck = sinceAckOf(event);
      const replayed = replayOf(event);
      const bad = event.rejected !== undefined || status === null || status >= 400 || event.forward?.error !== undefined;
      Object.assign(row, {
        mark: bad ? '✗' : event.matched ? '✓' : '·',
        markTone: bad ? 'bad' : event.matched ? 'ok' : 'muted',
        kind: 'callback',
        method: escapeControlChars(event.method),
        target: safe(`${event.path}${queryText(event.query)}`),
        status: status === null ? '—' : String(status),
        statusTone: statusTone(status ?? 500),
        took: sinceAck === null ? '' : `+${formatDuration(sinceAck)}`,
        size: formatBytes(event.size),
        type: shortContentType(event.contentType, event.bodyText !== null),
        note: [replayed === null ? '' : `replay of #${replayed}`, event.note ? safe(event.note, 80) : ''].filter(Boolean).join(' · '),
        noteTone: event.note ? 'warn' : 'info',
        preview: event.rejected
          ? `not kept: ${safe(event.rejected.reason, 80)}`
          : event.bodyText === null
            ? event.size > 0 ? `<${event.size} bytes binary>` : ''
            : safe(event.bodyText),
      });
      return row;
    }
    case 'request':
      return Object.assign(row, {
        mark: '→',
        markTone: 'accent',
        kind: 'request',
        method: escapeControlChars(event.method),
        target: safe(event.url),
        size: sizeFromHeaders(event.headers),
        type: event.body === undefined || event.body === null ? '' : shortContentType(headerValue(event.headers, 'content-type') ?? (typeof event.body === 'string' ? 'text/plain' : 'application/json'), true),
        note: event.replayOf === undefined ? '' : `replay of #${event.replayOf}`,
        noteTone: 'info',
        preview: valuePreview(event.body),
      });
    case 'ack': {
      // Each value under its own heading: the request's method and URL, the status, the round trip.
      const request = requestOf(event.requestSeq);
      return Object.assign(row, {
        mark: '←',
        markTone: 'accent',
        kind: 'ack',
        method: request ? escapeControlChars(request.method) : '',
        target: request ? safe(request.url) : `(${safe(event.label, 40)} #${event.requestSeq})`,
        status: String(event.status),
        statusTone: statusTone(event.status),
        took: formatDuration(event.durationMs),
        size: sizeFromHeaders(event.headers),
        type: shortContentType(headerValue(event.headers, 'content-type'), true),
        preview: valuePreview(event.body),
      });
    }
    case 'probe':
      return Object.assign(row, { mark: '·', markTone: 'muted', kind: 'probe', method: escapeControlChars(event.method), target: safe(event.path), status: '200', statusTone: 'ok', note: 'not counted' });
    case 'tunnel':
    case 'relay': {
      const down = event.state === 'down';
      const message = event.message ? ` · ${safe(event.message)}` : '';
      return Object.assign(row, { mark: down ? '✗' : '✓', markTone: down ? 'bad' : 'ok', kind: event.type, sentence: `${event.state} ${safe(event.url ?? '-')}${message}`, sentenceTone: down ? 'bad' : undefined });
    }
    case 'assertion': {
      const subject = event.eventSeq === null ? '' : `#${event.eventSeq} `;
      return Object.assign(row, { mark: event.pass ? '✓' : '✗', markTone: event.pass ? 'ok' : 'bad', kind: 'expect', sentence: `${subject}${safe(event.message)}`, sentenceTone: event.pass ? undefined : 'bad' });
    }
    case 'result': {
      const verdict = event.pass ? 'passed' : `failed${event.reason ? `: ${safe(event.reason)}` : ''}`;
      const count = `${event.callbacks} callback${event.callbacks === 1 ? '' : 's'} in ${formatDuration(event.durationMs)}`;
      return Object.assign(row, { mark: event.pass ? '✓' : '✗', markTone: event.pass ? 'ok' : 'bad', kind: 'result', sentence: `${verdict} · exit ${event.exitCode} · ${count}`, sentenceTone: event.pass ? 'ok' : 'bad' });
    }
    case 'listening': {
      const more = [event.publicUrl ? `public ${safe(event.publicUrl)}` : '', event.certPath ? `certificate ${safe(event.certPath)}` : ''].filter(Boolean);
      return Object.assign(row, { mark: '●', markTone: 'accent', kind: 'listen', sentence: [safe(event.url), ...more].join(' · ') });
    }
  }
}

export interface RowLayout {
  target: number;
  /** Size and type columns, dropped on narrow terminals. */
  wide: boolean;
}

// selection mark, HH:MM:SS.mmm, mark, kind, method, path's spaces, status, took
const FIXED_NARROW = 1 + 12 + 1 + 1 + 1 + 8 + 1 + 7 + 1 + 1 + 3 + 1 + 6 + 1;
const FIXED_WIDE = FIXED_NARROW + 9 + 1 + 5 + 1;

export function rowLayout(width: number): RowLayout {
  const wide = width >= 110;
  const rest = width - (wide ? FIXED_WIDE : FIXED_NARROW);
  // On a narrow terminal the path gets the room (the body is in the details); on a wide one it shares it with the preview.
  const target = rest < 34 ? Math.max(10, rest - 1) : Math.max(24, Math.min(60, Math.floor(rest * 0.4)));
  return { wide, target };
}

export function rowLine(cells: RowCells, layout: RowLayout, selected = false): Line {
  const line: Line = [
    span(selected ? '›' : ' ', 'accent', true),
    span(`${cells.time} `, 'muted'),
    span(cells.mark, cells.markTone),
    span(` ${fitCell(cells.kind, 8)} `, 'muted'),
  ];
  if (cells.sentence !== undefined) {
    line.push(span(cells.sentence, cells.sentenceTone));
    return line;
  }
  line.push(
    span(`${fitCell(cells.method, 7)} `, 'accent'),
    span(`${fitCell(cells.target, layout.target)} `),
    span(fitCell(cells.status, 3), cells.statusTone),
    span(` ${fitCell(cells.took, 6)}`, 'muted'),
  );
  if (layout.wide) line.push(span(` ${fitCell(cells.size, 9)} ${fitCell(cells.type, 5)}`, 'muted'));
  if (cells.note) line.push(span(` ${cells.note}`, cells.noteTone ?? 'muted'));
  if (cells.preview) line.push(span(` ${cells.preview}`));
  return line;
}

export function headerLine(layout: RowLayout): Line {
  const columns = ` ${fitCell('TIME', 12)}   ${fitCell('KIND', 8)} ${fitCell('METHOD', 7)} ${fitCell('PATH / URL', layout.target)} ${fitCell('STS', 3)} ${fitCell('TOOK', 6)}`;
  const wide = layout.wide ? ` ${fitCell('SIZE', 9)} ${fitCell('TYPE', 5)}` : '';
  return [span(`${columns}${wide} BODY`, 'muted', true)];
}
