import type { CbEvent, EventDraft, Stamped } from './events.js';
import { createRedactor, type RedactionPolicy, type Redactor } from './redact.js';

export type EventListener = (event: CbEvent) => void;

export interface EventStoreOptions {
  /** How many recent events stay in memory for views; every event still reaches subscribers. */
  historyLimit?: number;
  /** Injected clock, so tests and replays control time. */
  now?: () => Date;
  /**
   * Applied to every draft before it is stamped, so no subscriber (record, NDJSON, views, judge, reports) ever sees
   * a secret. Authorization, Proxy-Authorization, Cookie and Set-Cookie are redacted even when this is left out.
   */
  redaction?: Partial<RedactionPolicy>;
}

export interface EventCounts {
  total: number;
  callbacks: number;
  matched: number;
  probes: number;
}

/**
 * The one in-process event record. Appending stamps `seq` and `at`; subscribers see every event in order;
 * the history kept for views is bounded, so a listener left running for a million callbacks stays flat.
 */
export class EventStore {
  private readonly listeners = new Set<EventListener>();
  // A ring buffer: dropping the oldest of thousands of events must not shift the whole array on every append.
  private readonly ring: CbEvent[] = [];
  private ringStart = 0;
  private readonly historyLimit: number;
  private readonly now: () => Date;
  private readonly redact: Redactor;
  private seq = 0;
  private readonly tally: EventCounts = { total: 0, callbacks: 0, matched: 0, probes: 0 };
  private droppedFromHistory = 0;
  private readonly queue: CbEvent[] = [];
  private dispatching = false;

  constructor(options: EventStoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 5000;
    this.now = options.now ?? (() => new Date());
    this.redact = createRedactor(options.redaction);
  }

  append<T extends EventDraft>(unredacted: T): Stamped<T> {
    const draft = this.redact(unredacted);
    this.seq += 1;
    // type, seq and at lead every record line, so a human scanning the file reads them first.
    const event = Object.assign({ type: draft.type, seq: this.seq, at: this.now().toISOString() }, draft) as unknown as Stamped<T>;
    this.add(event as CbEvent);
    return event;
  }

  /** Adds an event read back from a record file, keeping its own seq and time (`cbtest view`); redacted like any other. */
  appendRecorded(event: CbEvent): void {
    this.seq = Math.max(this.seq, event.seq);
    this.add(this.redact(event as EventDraft) as unknown as CbEvent);
  }

  private add(event: CbEvent): void {
    this.count(event);
    if (this.ring.length < this.historyLimit) {
      this.ring.push(event);
    } else {
      this.ring[this.ringStart] = event;
      this.ringStart = (this.ringStart + 1) % this.historyLimit;
      this.droppedFromHistory += 1;
    }
    // An event appended by a listener waits until every listener has seen the current one, so all see one order.
    this.queue.push(event);
    if (!this.dispatching) this.dispatch();
  }

  /** Calls `listener` for every event appended from now on; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The recent events kept in memory (oldest first); `dropped` says how many older ones were let go. */
  snapshot(): { events: readonly CbEvent[]; dropped: number } {
    const events = this.ringStart === 0 ? this.ring.slice() : [...this.ring.slice(this.ringStart), ...this.ring.slice(0, this.ringStart)];
    return { events, dropped: this.droppedFromHistory };
  }

  counts(): Readonly<EventCounts> {
    return this.tally;
  }

  /** The sequence number of the newest event, 0 when empty; changes whenever the store does. */
  get version(): number {
    return this.seq;
  }

  private dispatch(): void {
    this.dispatching = true;
    try {
      for (let event = this.queue.shift(); event; event = this.queue.shift()) {
        for (const listener of this.listeners) listener(event);
      }
    } finally {
      this.dispatching = false;
    }
  }

  private count(event: CbEvent): void {
    this.tally.total += 1;
    if (event.type === 'callback') {
      this.tally.callbacks += 1;
      if (event.matched) this.tally.matched += 1;
    } else if (event.type === 'probe') {
      this.tally.probes += 1;
    }
  }
}
