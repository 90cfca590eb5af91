import { formatClock } from '../core/clock-text.js';
import { formatDuration } from '../core/duration.js';
import type { CbEvent } from '../core/events.js';
import { escapeControlChars, formatBytes, previewText } from '../core/terminal-text.js';
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
  return { time, mark: ' ', kind: '', method: '', target: '', status: '', size: '', type: '', note: '', preview: '' };
}

/** What a row says about an event; computed once per event and cached by the list. */
export function rowCells(event: CbEvent): RowCells {
  const row = blank(clock(event.at));
  switch (event.type) {
    case 'callback': {
      const status = event.response.status;
      const bad = event.rejected !== undefined || status === null || status >= 400 || event.forward?.error !== undefined;
      Object.assign(row, {
        mark: bad ? '✗' : event.matched ? '✓' : '·',
        markTone: bad ? 'bad' : event.matched ? 'ok' : 'muted',
        kind: 'callback',
        method: escapeControlChars(event.method),
        target: safe(`${event.path}${queryText(event.query)}`),
        status: status === null ? '—' : String(status),
        statusTone: statusTone(status ?? 500),
        size: formatBytes(event.size),
        type: shortContentType(event.contentType, event.bodyText !== null),
        note: event.note ? safe(event.note, 80) : '',
        noteTone: 'warn',
        preview: event.rejected
          ? `not kept: ${safe(event.rejected.reason, 80)}`
          : event.bodyText === null
            ? event.size > 0 ? `<${event.size} bytes binary>` : ''
            : safe(event.bodyText),
      });
      return row;
    }
    case 'request':
      return Object.assign(row, { mark: '→', markTone: 'accent', kind: 'request', method: escapeControlChars(event.method), target: safe(event.url), note: safe(event.replayOf === undefined ? event.label : `${event.label} of #${event.replayOf}`, 20), preview: valuePreview(event.body) });
    case 'ack':
      return Object.assign(row, { mark: '←', markTone: 'accent', kind: 'ack', target: safe(event.label, 40), status: String(event.status), statusTone: statusTone(event.status), note: formatDuration(event.durationMs), preview: valuePreview(event.body) });
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

const FIXED_NARROW = 1 + 8 + 1 + 1 + 1 + 8 + 1 + 7 + 1 + 1 + 3 + 1;
const FIXED_WIDE = FIXED_NARROW + 9 + 1 + 5 + 1;

export function rowLayout(width: number): RowLayout {
  const wide = width >= 90;
  const rest = width - (wide ? FIXED_WIDE : FIXED_NARROW);
  return { wide, target: Math.max(10, Math.min(60, Math.floor(rest * 0.45))) };
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
  );
  if (layout.wide) line.push(span(` ${fitCell(cells.size, 9)} ${fitCell(cells.type, 5)}`, 'muted'));
  if (cells.note) line.push(span(` ${cells.note}`, cells.noteTone ?? 'muted'));
  if (cells.preview) line.push(span(` ${cells.preview}`));
  return line;
}

export function headerLine(layout: RowLayout): Line {
  const columns = ` TIME       ${fitCell('KIND', 8)} ${fitCell('METHOD', 7)} ${fitCell('PATH / URL', layout.target)} ${fitCell('STS', 3)}`;
  const wide = layout.wide ? ` ${fitCell('SIZE', 9)} ${fitCell('TYPE', 5)}` : '';
  return [span(`${columns}${wide} BODY`, 'muted', true)];
}
