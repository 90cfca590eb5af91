import { UsageError } from './errors.js';

/** Parses repeated `-H 'Name: value'` flags into a record keyed by lower-cased name. */
export function parseHeaderFlags(lines: readonly string[], flag = '-H'): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`${flag} '${line}' is not a header`, "write it as 'Name: value'");
    }
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
