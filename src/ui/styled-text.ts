import type { Tone } from './theme.js';

/** A run of text with one meaning; every `text` here is already escaped and safe for the terminal. */
export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
  /** A search hit, drawn inverted. */
  mark?: boolean;
}

export type Line = Span[];

/** Longest stretch of one line handed to Ink; the rest is cut with a marker so huge bodies cost nothing. */
export const MAX_LINE_CHARS = 2000;

export function span(text: string, tone?: Tone, bold?: boolean): Span {
  const result: Span = { text };
  if (tone) result.tone = tone;
  if (bold) result.bold = true;
  return result;
}

export function plainLine(text: string, tone?: Tone): Line {
  return [span(text, tone)];
}

export function lineText(line: Line): string {
  return line.map((part) => part.text).join('');
}

/** Pads or cuts to exactly `width` characters, so columns line up. */
export function fitCell(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

/** Splits the spans so every case-insensitive occurrence of `needle` is its own marked span. */
export function markMatches(line: Line, needle: string): Line {
  if (needle === '') return line;
  const lower = needle.toLowerCase();
  const text = lineText(line);
  const hits: Array<[number, number]> = [];
  const haystack = text.toLowerCase();
  for (let at = haystack.indexOf(lower); at !== -1; at = haystack.indexOf(lower, at + lower.length)) hits.push([at, at + lower.length]);
  if (hits.length === 0) return line;
  const result: Line = [];
  let offset = 0;
  for (const part of line) {
    const end = offset + part.text.length;
    let cursor = offset;
    for (const [from, to] of hits) {
      if (to <= cursor || from >= end) continue;
      const start = Math.max(from, cursor);
      if (start > cursor) result.push({ ...part, text: text.slice(cursor, start) });
      const stop = Math.min(to, end);
      result.push({ ...part, text: text.slice(start, stop), mark: true });
      cursor = stop;
    }
    if (cursor < end) result.push({ ...part, text: text.slice(cursor, end) });
    offset = end;
  }
  return result;
}

/** Indexes of the lines that contain `needle`, case-insensitively. */
export function matchingLines(lines: readonly Line[], needle: string): number[] {
  if (needle === '') return [];
  const lower = needle.toLowerCase();
  const found: number[] = [];
  lines.forEach((line, index) => {
    if (lineText(line).toLowerCase().includes(lower)) found.push(index);
  });
  return found;
}

/**
 * Cut into rows of exactly `width`, so a URL is never shortened and the dashboard knows how many rows it takes.
 * Word wrapping would move where a URL breaks; a copy must get every character.
 */
export function wholeRows(text: string, width: number): string[] {
  const size = Math.max(10, width);
  const rows: string[] = [];
  for (let start = 0; start < text.length; start += size) rows.push(text.slice(start, start + size));
  return rows.length > 0 ? rows : [''];
}

