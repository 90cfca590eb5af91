import { UsageError } from './errors.js';
import { escapeControlChars } from './terminal-text.js';

/** RFC 9110 token: header names and method names. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a field value may hold on the wire: tab, visible ASCII, space, and obs-text bytes (Latin-1). */
const FIELD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Parses repeated `-H 'Name: value'` flags into a record keyed by lower-cased name. A line HTTP cannot carry is a
 * usage error here, before anything is sent, not a transport failure once the request is on its way.
 */
export function parseHeaderFlags(lines: readonly string[], flag = '-H'): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const shown = `${flag} '${escapeControlChars(line)}'`;
    if (!TOKEN.test(name)) {
      throw new UsageError(`${shown} is not a header`, "write it as 'Name: value' (a name of letters, digits and -)");
    }
    const value = line.slice(colon + 1).trim();
    checkHeaderValue(value, shown);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

function checkHeaderValue(value: string, shown: string): void {
  const bad = FIELD_VALUE_CHAR.exec(value);
  if (bad === null) return;
  if (bad[0] === '\r' || bad[0] === '\n') {
    throw new UsageError(`${shown} carries a line break, which would end the header early`, 'give each header its own -H, on one line');
  }
  const code = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new UsageError(`${shown} has a character a header cannot carry (${code} at position ${bad.index + 1} of the value)`, 'percent-encode it, or send it in the body');
}

/** `-X` and a suite's `method`: a token like GET or PROPFIND, sent as written. */
export function parseHttpMethod(text: string, flag = '-X'): string {
  if (!TOKEN.test(text)) {
    throw new UsageError(`${flag} '${escapeControlChars(text)}' is not an HTTP method`, 'use a method name like GET, POST, PUT, PATCH or DELETE (no spaces)');
  }
  return text;
}
