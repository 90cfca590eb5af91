import { tryParseJson } from '../core/json-text.js';
import { escapeControlChars, escapeKeepingLayout, formatBytes, truncate } from '../core/terminal-text.js';
import { hexDumpLines } from './hex-dump.js';
import { prettyJsonLines } from './json-lines.js';
import { MAX_LINE_CHARS, plainLine, span, type Line } from './styled-text.js';

// What the pane lays out is bounded so a huge body costs a bounded frame; past it the pane says so and `s`
// saves every byte, so nothing is ever cut silently.
export const MAX_BODY_LINES = 100_000;
const MAX_TEXT_CHARS = 4 * 1024 * 1024;
const MAX_JSON_CHARS = 4 * 1024 * 1024;
const HEX_BYTES = 1024;
const SAVE_HINT = 's saves the whole body to a file';

export interface BodyView {
  bodyText: string | null;
  bodyBase64: string;
  size: number;
  contentType: string | null;
  rejected?: { reason: string; size: number } | undefined;
}

/** Text as it arrived, laid out line by line: controls escaped, tabs as spaces, long lines and long bodies cut. */
export function textLines(text: string): Line[] {
  const shown = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  const rows = escapeKeepingLayout(shown).replaceAll('\t', '    ').split('\n');
  const lines = rows.slice(0, MAX_BODY_LINES).map((row) => plainLine(truncate(row, MAX_LINE_CHARS)));
  if (rows.length > MAX_BODY_LINES) {
    lines.push(plainLine(`… shown: the first ${MAX_BODY_LINES} of ${rows.length}${shown.length < text.length ? '+' : ''} lines · ${SAVE_HINT}`, 'warn'));
  } else if (shown.length < text.length) {
    lines.push(plainLine(`… shown: the first ${formatBytes(shown.length)} of ${formatBytes(text.length)} · ${SAVE_HINT}`, 'warn'));
  }
  return lines;
}

/** Why a body that says it is JSON is not, with the parser's position, e.g. `Expected ',' or '}' after … at position 14`. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/\s*\(line \d+ column \d+\)$/, '') : String(error);
  }
}

function jsonTextLines(text: string): Line[] | null {
  if (text.length > MAX_JSON_CHARS || !tryParseJson(text).ok) return null;
  const pretty = prettyJsonLines(text, MAX_BODY_LINES);
  if (!pretty) return null;
  if (!pretty.complete) pretty.lines.push(plainLine(`… shown: the first ${MAX_BODY_LINES} lines · ${SAVE_HINT}`, 'warn'));
  return pretty.lines;
}

function saysJson(contentType: string, text: string): boolean {
  const trimmed = text.trimStart();
  return contentType.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[');
}

function formLines(text: string): Line[] {
  const lines = textLines(text);
  lines.push([]);
  lines.push(plainLine('decoded fields', 'muted'));
  for (const [name, value] of new URLSearchParams(text.slice(0, MAX_TEXT_CHARS))) {
    lines.push([span(`  ${truncate(escapeControlChars(name), 200)}`, 'key'), span(' = '), span(truncate(escapeControlChars(value), MAX_LINE_CHARS), 'string')]);
  }
  return lines;
}

function base64Bytes(base64: string): Uint8Array {
  // Only the first bytes are shown; 4 base64 characters carry 3 bytes.
  const head = base64.slice(0, Math.ceil(HEX_BYTES / 3) * 4);
  return new Uint8Array(Buffer.from(head, 'base64')).subarray(0, HEX_BYTES);
}

/** A callback body for the detail pane: pretty JSON, decoded forms, raw text, or a hex dump when it is binary. */
export function callbackBodyLines(view: BodyView): Line[] {
  if (view.rejected) {
    return [plainLine(`not kept: ${escapeControlChars(view.rejected.reason)} (${formatBytes(view.rejected.size)} announced)`, 'bad')];
  }
  if (view.size === 0 && view.bodyBase64 === '') return [plainLine('(empty)', 'muted')];
  if (view.bodyText === null) {
    const lines = hexDumpLines(base64Bytes(view.bodyBase64), HEX_BYTES).map((row) => plainLine(row));
    if (view.size > HEX_BYTES) {
      lines.push(plainLine(`… ${view.size - HEX_BYTES} more bytes · ${SAVE_HINT}`, 'warn'));
    }
    return lines;
  }
  const type = (view.contentType ?? '').toLowerCase();
  if (type.includes('x-www-form-urlencoded')) return formLines(view.bodyText);
  if (saysJson(type, view.bodyText)) {
    const json = jsonTextLines(view.bodyText);
    if (json) return json;
    const problem = (type.includes('json') || type === '') && view.bodyText.length <= MAX_JSON_CHARS ? jsonProblem(view.bodyText) : null;
    // A body that claims JSON and is not is the bug being hunted: say so before showing it as it came.
    if (problem) return [plainLine(`✗ invalid JSON: ${escapeControlChars(problem)}`, 'bad'), ...textLines(view.bodyText)];
  }
  return textLines(view.bodyText);
}

/** A parsed value (a request or acknowledgment body, an assertion's actual value) shown as JSON or text. */
export function valueLines(value: unknown, options: { quoteStrings?: boolean } = {}): Line[] {
  if (value === undefined) return [plainLine('(none)', 'muted')];
  if (typeof value === 'string' && !options.quoteStrings) return value === '' ? [plainLine('(empty)', 'muted')] : textLines(value);
  const json = JSON.stringify(value);
  if (json === undefined) return [plainLine(escapeControlChars(String(value)))];
  return prettyJsonLines(json, MAX_BODY_LINES)?.lines ?? textLines(json);
}
