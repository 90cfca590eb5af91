import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../../src/cli/parse-values.js';
import { MAX_TIMER_MS, parseDuration } from '../../../src/core/duration.js';
import { UsageError } from '../../../src/core/errors.js';

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

/** Either a value or a usage error: never a crash, NaN or a negative number. */
function parsesOrRefuses<T>(parse: () => T, check: (value: T) => void): void {
  let value: T;
  try {
    value = parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return;
  }
  check(value);
}

describe('durations (property)', () => {
  it('add up the parts of a compound value like 1h2m3s4ms', () => {
    const part = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom<keyof typeof UNIT_MS>('h', 'm', 's', 'ms'));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([amount, unit]) => `${amount}${unit}`).join('');
        const total = parts.reduce((sum, [amount, unit]) => sum + amount * UNIT_MS[unit], 0);
        if (total > MAX_TIMER_MS) expect(() => parseDuration(text)).toThrow(/longer than a timer can wait/);
        else expect(parseDuration(text)).toBe(total);
      }),
    );
  });

  it('refuses every bare number but 0, naming both readings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), (amount) => {
        expect(() => parseDuration(String(amount), '--timeout')).toThrow(`--timeout ${amount} needs a unit: ${amount}s or ${amount}ms`);
      }),
    );
  });

  it('returns a whole number of ms a timer can hold, or a usage error, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9.]{0,12}(ms|s|m|h|d)?[0-9]{0,3}[a-z]{0,2}$/)), (text) => {
        parsesOrRefuses(
          () => parseDuration(text),
          (ms) => {
            expect(Number.isSafeInteger(ms)).toBe(true);
            expect(ms).toBeGreaterThanOrEqual(0);
            expect(ms).toBeLessThanOrEqual(MAX_TIMER_MS);
          },
        );
      }),
    );
  });
});

describe('byte sizes (property)', () => {
  const UNITS: Record<string, number> = { '': 1, B: 1, KiB: 1024, MiB: 1024 ** 2, kb: 1000, mb: 1_000_000 };
  it('multiply the amount by the unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(...Object.keys(UNITS)), (amount, unit) => {
        expect(parseByteSize(`${amount}${unit}`, '--body-limit')).toBe(amount * UNITS[unit]!);
      }),
    );
  });

  it('return a whole number of bytes, or a usage error, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^ ?[0-9.]{0,8} ?[a-zA-Z]{0,4}$/)), (text) => {
        parsesOrRefuses(
          () => parseByteSize(text, '--body-limit'),
          (bytes) => {
            expect(Number.isInteger(bytes)).toBe(true);
            expect(bytes).toBeGreaterThanOrEqual(0);
          },
        );
      }),
    );
  });
});
