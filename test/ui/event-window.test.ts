import { describe, expect, test } from 'vitest';
import type { CbEvent } from '../../src/core/events.js';
import { lowerBoundSeq, nearestIndex, windowTop } from '../../src/ui/event-window.js';

const events = [3, 5, 9, 12].map((seq) => ({ seq }) as CbEvent);

describe('the list window', () => {
  test('finds events by seq even after older ones were let go or filtered out', () => {
    expect(lowerBoundSeq(events, 5)).toBe(1);
    expect(lowerBoundSeq(events, 6)).toBe(2);
    expect(lowerBoundSeq(events, 1)).toBe(0);
    expect(lowerBoundSeq(events, 13)).toBe(4);
    expect(nearestIndex(events, 13)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  test('keeps the selected row in view and otherwise stays where it was', () => {
    expect(windowTop(100, 99, 0, 10)).toBe(90);
    expect(windowTop(100, 50, 45, 10)).toBe(45);
    expect(windowTop(100, 44, 45, 10)).toBe(44);
    expect(windowTop(100, 60, 45, 10)).toBe(51);
    expect(windowTop(5, 4, 3, 10)).toBe(0);
    expect(windowTop(100, 99, 95, 10)).toBe(90);
  });
});
