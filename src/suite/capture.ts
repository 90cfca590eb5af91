import { parseExpectation, queryJsonPath } from '../core/assertions/index.js';
import { UsageError } from '../core/errors.js';
import type { CbEventOf } from '../core/events.js';
import { CaptureMissingError } from './resolve-template.js';

/** Where a capture reads from: the last counted callback (`$...`) or the acknowledgment (`ack.$...`). */
export interface CaptureQuery {
  from: 'callback' | 'ack';
  query: string;
}

const ACK_PREFIX = 'ack.';

/** Parses a capture expression; the query is checked with the assertion language's own JSONPath scanner. */
export function parseCaptureQuery(expression: string): CaptureQuery {
  const from = expression.startsWith(ACK_PREFIX) ? 'ack' : 'callback';
  const query = (from === 'ack' ? expression.slice(ACK_PREFIX.length) : expression).trim();
  let parsed: string | undefined;
  try {
    parsed = parseExpectation(`${query} exists`, 'capture').query;
  } catch {
    parsed = undefined;
  }
  if (parsed !== query) throw new UsageError(`capture '${expression}' is not one JSONPath query`, "write e.g. '$.body.id' or 'ack.$.body.id'");
  return { from, query };
}

/**
 * The captured value: one match as is, several as a list (like an assertion's `actual`). Nothing to read from,
 * or no match, fails the case (exit 1) naming the query.
 */
export function captureValue(expr: string, from: { callback: CbEventOf<'callback'> | null; ack: CbEventOf<'ack'> | null }): unknown {
  const { from: source, query } = parseCaptureQuery(expr);
  const subject = source === 'ack' ? from.ack : from.callback;
  if (!subject) throw new CaptureMissingError(`capture '${expr}': there is no ${source === 'ack' ? 'acknowledgment' : 'counted callback'} to read`);
  let matches: unknown[];
  try {
    matches = queryJsonPath(query, subject);
  } catch (error) {
    throw new CaptureMissingError(`capture '${expr}': the query failed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (matches.length === 0) throw new CaptureMissingError(`capture '${expr}': no value at path`, `in ${source} #${subject.seq}`);
  return matches.length === 1 ? matches[0] : matches;
}
