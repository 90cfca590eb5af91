import type { CbEvent } from '../core/events.js';

/** Index of the first event whose seq is >= `seq` (events are in seq order); `events.length` when none. */
export function lowerBoundSeq(events: readonly CbEvent[], seq: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the event nearest to `seq` that is still shown (it may have been filtered out or let go). */
export function nearestIndex(events: readonly CbEvent[], seq: number): number {
  if (events.length === 0) return -1;
  return Math.min(lowerBoundSeq(events, seq), events.length - 1);
}

/** First row shown, so the selected row stays in view and the previous scroll position moves as little as it can. */
export function windowTop(count: number, selected: number, previousTop: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  let top = Math.min(Math.max(0, previousTop), count - height);
  if (selected < top) top = selected;
  if (selected >= top + height) top = selected - height + 1;
  return top;
}
