import type { CallbackEvent } from './events.js';

/** What the receiver knows about a callback before a case decides whether it counts. */
export type CallbackFacts = Omit<CallbackEvent, 'type' | 'response' | 'matched' | 'note' | 'forward' | 'sinceAckMs' | 'suite' | 'case'>;

/** What a flow would like the answer to be when the user said nothing (e.g. an OpenAPI callback's declared 2xx). */
export interface ResponseHint {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A case's say on one callback: does it count, why not, and how would the flow like it answered. */
export interface CallbackVerdict {
  matched: boolean;
  note?: string;
  responseHint?: ResponseHint;
}
