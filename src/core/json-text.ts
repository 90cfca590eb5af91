import { UsageError } from './errors.js';

/**
 * Parses JSON given by the user and names the flag, the position and the problem when it is not JSON,
 * e.g. `--params is not valid JSON at position 14: Expected ',' or '}'`.
 */
export function parseJsonArgument(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail)?.[1];
    const reason = detail.replace(/^Unexpected token/, 'unexpected token').replace(/ in JSON at position \d+.*$/, '');
    const where = position === undefined ? '' : ` at position ${position}`;
    throw new UsageError(`${flag} is not valid JSON${where}: ${reason}`, 'quote it for the shell, or pass @file.json');
  }
}

/** Parses a body for display and queries; never throws. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
