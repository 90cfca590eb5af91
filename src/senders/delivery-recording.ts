import type { CallbackEvent, EventDraft } from '../core/events.js';
import { deliveryKeyOf, type CustomKey } from '../deliveries/delivery-key.js';
import type { DeliveryTracker } from '../deliveries/delivery-tracker.js';

const isSuccess = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/**
 * Wraps the receiver's record: each callback with a delivery key gets `delivery`, and counts toward the wait only as
 * a delivery answered 2xx. A retry answered non-2xx, or a duplicate after a 2xx, stays recorded but uncounted;
 * a refused signature still counts, so the judge fails the run on it.
 */
export function recordingDeliveries<R>(
  record: (draft: EventDraft) => R,
  /** The tracker of the case whose URL the callback came to: each case's deliveries are its own. */
  trackerFor: (path: string) => DeliveryTracker,
  customKey: CustomKey | null,
  now: () => number = Date.now,
): (draft: EventDraft) => R {
  return (draft) => {
    if (draft.type !== 'callback' || draft.rejected) return record(draft);
    const key = deliveryKeyOf(draft, customKey);
    if (key === null) return record(draft);
    const status = draft.response.status;
    const delivery = trackerFor(draft.path).observe(key, now(), status, null, draft.signature);
    const event: CallbackEvent = { ...draft, delivery };
    if (event.matched && delivery.duplicate) uncount(event, `duplicate: delivery ${key} was already answered 2xx`);
    else if (event.matched && !isSuccess(status) && draft.signature !== 'invalid') uncount(event, `answered ${status}: delivery ${key} counts once it is answered 2xx`);
    return record(event);
  };
}

function uncount(event: CallbackEvent, note: string): void {
  event.matched = false;
  event.note ??= note;
}
