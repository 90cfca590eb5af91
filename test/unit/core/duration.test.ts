import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, parseDuration } from '../../../src/core/duration.js';

describe('durations a user types', () => {
  it('refuses a bare number with the fix, since 30 could be seconds or milliseconds', () => {
    expect(() => parseDuration('30', '--timeout')).toThrow('--timeout 30 needs a unit: 30s or 30ms');
    expect(() => parseDuration('1.5', '--delay')).toThrow('--delay 1.5 needs a unit: 1.5s or 1.5ms');
  });

  it('takes 0 alone: it is the same in every unit', () => {
    expect(parseDuration('0', '--delay')).toBe(0);
  });

  it('refuses what a timer cannot hold instead of letting Node fire it after 1 ms', () => {
    expect(() => parseDuration('600h', '--timeout')).toThrow('--timeout 600h is longer than a timer can wait (about 24 days)');
    expect(() => parseDuration('2147483648ms', '--delay')).toThrow(/longer than a timer can wait/);
    expect(parseDuration('596h')).toBe(596 * 3_600_000);
    expect(parseDuration(`${MAX_TIMER_MS}ms`)).toBe(MAX_TIMER_MS);
  });

  it('adds up compound values and refuses leftovers', () => {
    expect(parseDuration('1h2m3s4ms')).toBe(3_723_004);
    expect(() => parseDuration('1m30', '--timeout')).toThrow("--timeout '1m30' is not a duration");
    expect(() => parseDuration('', '--timeout')).toThrow(/is not a duration/);
  });
});
