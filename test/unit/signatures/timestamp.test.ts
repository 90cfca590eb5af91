import { describe, expect, it } from 'vitest';
import { formatAge, formatTolerance, timestampProblem } from '../../../src/signatures/timestamp.js';

describe('timestamp tolerance', () => {
  it('words ages coarsely and tolerances as typed', () => {
    expect([42_000, 7 * 60_000, 17 * 60_000, 5 * 3_600_000, 12 * 86_400_000].map(formatAge)).toEqual(['42s', '7m', '17m', '5h', '12 days']);
    expect([300_000, 30_000, 3_600_000, 1500].map(formatTolerance)).toEqual(['5m', '30s', '1h', '1500ms']);
  });

  it('accepts the edge of the tolerance and refuses just past it, either way', () => {
    expect(timestampProblem('t', '1000', 1_300_000, 300_000)).toBeNull();
    expect(timestampProblem('t', '1000', 1_301_000, 300_000)).toBe('timestamp is 5m01s old (tolerance 5m)');
    expect(timestampProblem('t', '1000', 699_000, 300_000)).toBe('timestamp is 5m01s in the future (tolerance 5m)');
    expect(timestampProblem('t', 'soon', 0, 300_000)).toBe('t "soon" is not a unix time in seconds');
  });
});
