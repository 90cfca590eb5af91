import type { Tone } from './theme.js';

/** A run of text with one meaning; every `text` here is already escaped and safe for the terminal. */
export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
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
