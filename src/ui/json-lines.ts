import { escapeControlChars, truncate } from '../core/terminal-text.js';
import { MAX_LINE_CHARS, span, type Line, type Span } from './styled-text.js';

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\],:])/y;

function literalTone(token: string): Span['tone'] {
  if (token.startsWith('"')) return 'string';
  if (token === 'true' || token === 'false' || token === 'null') return 'literal';
  return 'number';
}

function cell(token: string, tone: Span['tone']): Span {
  return span(truncate(escapeControlChars(token), MAX_LINE_CHARS), tone);
}

/**
 * Re-indents JSON text token by token, so every number, string and key is shown exactly as it arrived
 * (JSON.parse would round big numbers and merge duplicate keys). Returns null when the text is not JSON.
 */
export function prettyJsonLines(text: string, maxLines: number): { lines: Line[]; complete: boolean } | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (text.slice(start).trim() === '') break;
      return null;
    }
    tokens.push(match[1]!);
  }
  if (tokens.length === 0) return null;

  const lines: Line[] = [];
  let current: Line = [];
  let depth = 0;
  const newLine = () => {
    lines.push(current);
    current = [span('  '.repeat(depth))];
  };
  for (let index = 0; index < tokens.length; index += 1) {
    if (lines.length >= maxLines) return { lines, complete: false };
    const token = tokens[index]!;
    const next = tokens[index + 1];
    if (token === '{' || token === '[') {
      const closer = token === '{' ? '}' : ']';
      if (next === closer) {
        current.push(span(`${token}${closer}`));
        index += 1;
        continue;
      }
      current.push(span(token));
      depth += 1;
      newLine();
    } else if (token === '}' || token === ']') {
      depth = Math.max(0, depth - 1);
      newLine();
      current.push(span(token));
    } else if (token === ',') {
      current.push(span(','));
      newLine();
    } else if (token === ':') {
      current.push(span(': '));
    } else {
      current.push(cell(token, next === ':' ? 'key' : literalTone(token)));
    }
  }
  lines.push(current);
  return { lines, complete: true };
}
