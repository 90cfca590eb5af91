import type { CbEvent, CbEventOf } from '../core/events.js';
import type { EventStore } from '../core/event-store.js';
import { addArrival, type ArrivalSpread } from './arrival-spread.js';
import { sinceAckOf } from './event-extras.js';
import { lowerBoundSeq } from './event-window.js';

/**
 * Facts the header and footer need for the whole run, kept even after their events leave the bounded history:
 * where we listen, the tunnel's state, the verdict, failed assertions.
 */
export class RunSummary {
  listening: CbEventOf<'listening'> | null = null;
  tunnel: CbEventOf<'tunnel'> | null = null;
  result: CbEventOf<'result'> | null = null;
  failedAssertions: CbEventOf<'assertion'>[] = [];
  /** Fastest and slowest counted callback after its acknowledgment (fire runs only). */
  arrivals: ArrivalSpread | null = null;
  private lastSeq = 0;

  observe(event: CbEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    if (event.type === 'listening') this.listening = event;
    else if (event.type === 'tunnel') this.tunnel = event;
    // A suite case's own result is a row; the run's verdict is the result that belongs to no case.
    else if (event.type === 'result' && event.case === undefined) this.result = event;
    else if (event.type === 'assertion' && !event.pass) this.failedAssertions.push(event);
    else if (event.type === 'callback' && event.matched) {
      const sinceAck = sinceAckOf(event);
      if (sinceAck !== null) this.arrivals = addArrival(this.arrivals, event.seq, sinceAck);
    }
  }

  /** Reads whatever arrived since the last look; cheap, since only new events are visited. */
  catchUp(store: EventStore): void {
    const { events } = store.snapshot();
    for (let index = lowerBoundSeq(events, this.lastSeq + 1); index < events.length; index += 1) this.observe(events[index]!);
  }
}
