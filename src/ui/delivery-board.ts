import type { EventStore } from '../core/event-store.js';
import type { CbEvent, DeliveryTimeline } from '../core/events.js';
import { lowerBoundSeq } from './event-window.js';

const isSuccess = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/**
 * Each delivery key's attempts as the callbacks arrive (what the receiver put on each callback's `delivery`), kept
 * after their events leave the bounded history. With `cbtest run` the same key on two cases is two deliveries, as
 * the receiver tracks them.
 */
export class DeliveryBoard {
  private readonly byKey = new Map<string, DeliveryTimeline>();
  private lastSeq = 0;

  observe(event: CbEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    if (event.type !== 'callback' || !event.delivery) return;
    const { key, sinceFirstMs, duplicate } = event.delivery;
    const id = `${event.suite ?? ''}\u0000${event.case ?? ''}\u0000${key}`;
    let timeline = this.byKey.get(id);
    if (!timeline) this.byKey.set(id, (timeline = { key, attempts: [], delivered: false }));
    const status = event.response.status;
    timeline.attempts.push({ seq: event.seq, sinceFirstMs, status, duplicate, ...(event.signature === undefined ? {} : { signature: event.signature }) });
    if (isSuccess(status)) timeline.delivered = true;
  }

  /** Reads whatever arrived since the last look (events appended before the dashboard subscribed). */
  catchUp(store: EventStore): void {
    const { events } = store.snapshot();
    for (let index = lowerBoundSeq(events, this.lastSeq + 1); index < events.length; index += 1) this.observe(events[index]!);
  }

  timelines(): readonly DeliveryTimeline[] {
    return [...this.byKey.values()];
  }
}
