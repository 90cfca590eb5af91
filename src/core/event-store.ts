import type { CbEvent, CbEventOf, EventDraft, Stamped } from './events.js';
import { holdsLargeBody, previewOfCallback } from './history-bodies.js';
import { formatBytes } from './terminal-text.js';
import { createRedactor, type RedactionPolicy, type Redactor } from './redact.js';

export type EventListener = (event: CbEvent) => void;

export interface EventStoreOptions {
  /**
   * How many recent events stay in memory for views; every event still reaches subscribers. 0 keeps none: a run
   * with no view (plain or NDJSON output) then holds no event past its listeners.
   */
  historyLimit?: number;
  /** Injected clock, so tests and replays control time. */
  now?: () => Date;
  /** The same clock in milliseconds (wins over `now`): no Date made per event just to read its time. */
  nowMs?: () => number;
  /**
   * Applied to every draft before it is stamped, so no subscriber (record, NDJSON, views, judge, reports) ever sees
   * a secret. Authorization, Proxy-Authorization, Cookie and Set-Cookie are redacted even when this is left out.
   */
  redaction?: Partial<RedactionPolicy>;
  /**
   * Bytes of callback bodies the history keeps whole; past it the oldest bodies over 4 KiB are held as previews
   * (subscribers always get every event whole). Default: every body whole.
   */
  historyBodyBytes?: number;
  /** Reads an event back whole from where it was recorded (the --record file), for a body held as a preview. */
  readBack?: (seq: number) => CbEvent | null;
}

/** An event as recorded, or the preview the history holds and why the rest cannot be had. */
export interface WholeEvent {
  event: CbEvent;
  missing?: string;
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
  private readonly nowMs: () => number;
  private readonly redact: Redactor;
  private seq = 0;
  private readonly tally: EventCounts = { total: 0, callbacks: 0, matched: 0, probes: 0 };
  private droppedFromHistory = 0;
  private readonly queue: CbEvent[] = [];
  private dispatching = false;
  private readonly historyBodyBytes: number;
  private readonly readBack: ((seq: number) => CbEvent | null) | undefined;
  private added = 0;
  // Large bodies the history still holds whole, oldest first: (insertion number, bytes).
  private readonly wholeBodies: Array<{ added: number; size: number }> = [];
  private wholeBodiesHead = 0;
  private wholeBytes = 0;
  private lastStampMs = Number.NaN;
  private lastStamp = '';

  constructor(options: EventStoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 5000;
    const now = options.now;
    this.nowMs = options.nowMs ?? (now ? () => now().getTime() : Date.now);
    this.redact = createRedactor(options.redaction);
    this.historyBodyBytes = options.historyBodyBytes ?? Number.POSITIVE_INFINITY;
    this.readBack = options.readBack;
  }

  /**
   * Stamps a draft with the next seq and the time, and hands it to every subscriber. A draft made with `seq: 0` and
   * `at: ''` right after its type (the receiver's callbacks, one fresh object each) is handed over: it is stamped in
   * place and becomes the event, with no copy. Any other draft is left as it was, and its event gets type, seq and at
   * put first, member by member.
   */
  append<T extends EventDraft>(unredacted: T): Stamped<T> {
    const draft = this.redact(unredacted);
    this.seq += 1;
    // type, seq and at lead every record line, so a human scanning the file reads them first.
    let event: Stamped<T>;
    if ((draft as { seq?: unknown }).seq === 0) {
      event = draft as Stamped<T>;
      event.seq = this.seq;
      event.at = this.isoNow();
    } else {
      event = { type: draft.type, seq: this.seq, at: this.isoNow(), ...(draft as object) } as unknown as Stamped<T>;
    }
    this.add(event as CbEvent);
    return event;
  }

  // Formatting the time costs more than the rest of stamping; under a flood many events share a millisecond.
  private isoNow(): string {
    const ms = this.nowMs();
    if (ms !== this.lastStampMs) {
      this.lastStampMs = ms;
      this.lastStamp = new Date(ms).toISOString();
    }
    return this.lastStamp;
  }

  /** Adds an event read back from a record file, keeping its own seq and time (`cbtest view`); redacted like any other. */
  appendRecorded(event: CbEvent): void {
    this.seq = Math.max(this.seq, event.seq);
    this.add(this.redact(event as EventDraft) as unknown as CbEvent);
  }

  private add(event: CbEvent): void {
    this.count(event);
    if (this.historyLimit === 0) {
      this.droppedFromHistory += 1;
    } else if (this.ring.length < this.historyLimit) {
      this.ring.push(event);
    } else {
      this.ring[this.ringStart] = event;
      this.ringStart = (this.ringStart + 1) % this.historyLimit;
      this.droppedFromHistory += 1;
    }
    this.added += 1;
    if (this.historyLimit > 0 && this.historyBodyBytes !== Number.POSITIVE_INFINITY && holdsLargeBody(event)) this.holdBody(event);
    // An event appended by a listener waits until every listener has seen the current one, so all see one order.
    this.queue.push(event);
    if (!this.dispatching) this.dispatch();
  }

  // The newest large bodies stay whole up to the budget; older ones (and any larger than it) become previews.
  private holdBody(event: CbEventOf<'callback'>): void {
    const oldestKept = this.added - this.historyLimit;
    if (event.size > this.historyBodyBytes) {
      this.ring[(this.added - 1) % this.historyLimit] = previewOfCallback(event);
    } else {
      this.wholeBodies.push({ added: this.added - 1, size: event.size });
      this.wholeBytes += event.size;
    }
    while (this.wholeBytes > this.historyBodyBytes || (this.wholeBodiesHead < this.wholeBodies.length && this.wholeBodies[this.wholeBodiesHead]!.added < oldestKept)) {
      const oldest = this.wholeBodies[this.wholeBodiesHead]!;
      this.wholeBodiesHead += 1;
      this.wholeBytes -= oldest.size;
      const index = oldest.added % this.historyLimit;
      const held = this.ring[index];
      if (oldest.added >= oldestKept && held?.type === 'callback') this.ring[index] = previewOfCallback(held);
    }
    if (this.wholeBodiesHead > 1024) {
      this.wholeBodies.splice(0, this.wholeBodiesHead);
      this.wholeBodiesHead = 0;
    }
  }

  /** The event as recorded: a callback the history holds as a preview is read back whole when it can be. */
  whole(event: CbEvent): WholeEvent {
    if (event.type !== 'callback' || event.historyPreview === undefined) return { event };
    const recorded = this.readBack?.(event.seq) ?? null;
    if (recorded?.type === 'callback' && recorded.seq === event.seq) return { event: recorded };
    const kept = `#${event.seq}'s body is kept in memory as its first ${formatBytes(event.historyPreview.bytes)} of ${formatBytes(event.size)}`;
    const missing = this.readBack ? `${kept} and could not be read back from the record` : `${kept}; run with --record to keep every body whole`;
    return { event, missing };
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
