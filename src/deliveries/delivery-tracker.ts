import type { DeliveryInfo, DeliveryTimeline } from '../core/events.js';

export type { DeliveryInfo, DeliveryTimeline } from '../core/events.js';
export { formatTimeline } from '../core/sender-lines.js';

const isSuccess = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/**
 * Groups callbacks into deliveries by key, in arrival order. Pure: the caller passes the time and the status
 * it answered, so the same tracker serves the receiver, a replayed record and a test.
 */
export class DeliveryTracker {
  private readonly byKey = new Map<string, { firstAtMs: number; timeline: DeliveryTimeline }>();

  /** Notes one attempt and says where it stands in its delivery. */
  observe(key: string, atMs: number, status: number | null, seq: number | null = null, signature?: 'valid' | 'invalid'): DeliveryInfo {
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { firstAtMs: atMs, timeline: { key, attempts: [], delivered: false } };
      this.byKey.set(key, entry);
    }
    const sinceFirstMs = Math.max(0, atMs - entry.firstAtMs);
    const duplicate = entry.timeline.delivered;
    entry.timeline.attempts.push({ seq, sinceFirstMs, status, duplicate, ...(signature === undefined ? {} : { signature }) });
    if (isSuccess(status)) entry.timeline.delivered = true;
    return { key, attempt: entry.timeline.attempts.length, sinceFirstMs, duplicate };
  }

  /** Deliveries answered 2xx at least once: what `--count` counts when callbacks carry a key. */
  get delivered(): number {
    let count = 0;
    for (const { timeline } of this.byKey.values()) if (timeline.delivered) count += 1;
    return count;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Every key's attempts so far, in the order the keys first arrived (copies: the tracker goes on). */
  timelines(): DeliveryTimeline[] {
    return [...this.byKey.values()].map(({ timeline }) => ({ ...timeline, attempts: timeline.attempts.map((attempt) => ({ ...attempt })) }));
  }
}

/** One line for the result: `2 deliveries, 1 retried, 1 duplicate`. */
export function summariseDeliveries(timelines: readonly DeliveryTimeline[]): string {
  const retried = timelines.filter((timeline) => timeline.attempts.filter((attempt) => !attempt.duplicate).length > 1).length;
  const duplicates = timelines.reduce((sum, timeline) => sum + timeline.attempts.filter((attempt) => attempt.duplicate).length, 0);
  const undelivered = timelines.filter((timeline) => !timeline.delivered).length;
  const parts = [`${timelines.length} deliver${timelines.length === 1 ? 'y' : 'ies'}`];
  if (retried > 0) parts.push(`${retried} retried`);
  if (undelivered > 0) parts.push(`${undelivered} never answered 2xx`);
  if (duplicates > 0) parts.push(`${duplicates} duplicate${duplicates === 1 ? '' : 's'}`);
  return parts.join(', ');
}
