import type { CbEvent, DeliveryTimeline, EventDraft } from '../core/events.js';
import type { CaseEndpoint } from './endpoint.js';
import type { Clock } from './engine-deps.js';

/** What a run lends its cases: time, the record, the status line, where the receiver is. */
export interface RunServices {
  runId: string;
  clock: Clock;
  append: (draft: EventDraft) => CbEvent;
  say: (line: string) => void;
  /** The public or local base URL of the receiver ('' for a run without one, like `send`). */
  baseUrl: () => string;
  progressEveryMs: number | null;
  /** Callbacks no case owned. */
  unrouted: () => number;
  /** Each delivery key's attempts so far on one case's URL (callbacks with webhook-id, x-github-delivery, …). */
  deliveries?: (endpoint: CaseEndpoint) => DeliveryTimeline[];
}
