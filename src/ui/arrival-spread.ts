import { formatDuration } from '../core/duration.js';

/** How long after their acknowledgment the counted callbacks arrived: the fastest and the slowest. */
export interface ArrivalSpread {
  count: number;
  fastest: { seq: number; ms: number };
  slowest: { seq: number; ms: number };
}

/** Folds one counted callback's `sinceAckMs` into the spread. */
export function addArrival(spread: ArrivalSpread | null, seq: number, ms: number): ArrivalSpread {
  if (!spread) return { count: 1, fastest: { seq, ms }, slowest: { seq, ms } };
  return {
    count: spread.count + 1,
    fastest: ms < spread.fastest.ms ? { seq, ms } : spread.fastest,
    slowest: ms > spread.slowest.ms ? { seq, ms } : spread.slowest,
  };
}

/** `fastest +0.3s (#5) · slowest +1.2s (#9) after the acknowledgment`, once there are several to compare. */
export function spreadText(spread: ArrivalSpread | null): string | null {
  if (!spread || spread.count < 2) return null;
  const { fastest, slowest } = spread;
  return `fastest +${formatDuration(fastest.ms)} (#${fastest.seq}) · slowest +${formatDuration(slowest.ms)} (#${slowest.seq}) after the acknowledgment`;
}
