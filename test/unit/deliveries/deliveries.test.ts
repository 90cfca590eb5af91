import { describe, expect, it } from 'vitest';
import { deliveryKeyOf } from '../../../src/deliveries/delivery-key.js';
import { DeliveryTracker, formatTimeline, summariseDeliveries } from '../../../src/deliveries/delivery-tracker.js';
import { judgeDeliveries } from '../../../src/deliveries/delivery-verdict.js';

describe('deliveryKeyOf', () => {
  it('reads the documented idempotency headers', () => {
    expect(deliveryKeyOf({ headers: { 'webhook-id': 'msg_1' }, body: null })).toBe('msg_1');
    expect(deliveryKeyOf({ headers: { 'svix-id': 'msg_2' }, body: null })).toBe('msg_2');
    expect(deliveryKeyOf({ headers: { 'x-github-delivery': '72d3162e' }, body: null })).toBe('72d3162e');
    expect(deliveryKeyOf({ headers: { 'x-shopify-event-id': 'e-9' }, body: null })).toBe('e-9');
    expect(deliveryKeyOf({ headers: { 'ce-id': 'A234' }, body: null })).toBe('A234');
  });

  it("uses a structured CloudEvent's id and a Stripe event's id, but not any body id", () => {
    expect(deliveryKeyOf({ headers: {}, body: null, cloudevent: { id: 'ce-1', type: 't' } })).toBe('ce-1');
    expect(deliveryKeyOf({ headers: {}, body: { id: 'evt_1', object: 'event' } })).toBe('evt_1');
    expect(deliveryKeyOf({ headers: {}, body: { jsonrpc: '2.0', id: 7, result: {} } })).toBeNull();
    expect(deliveryKeyOf({ headers: { 'webhook-id': '  ' }, body: null })).toBeNull();
  });

  it('lets --delivery-key decide, even when it finds nothing', () => {
    const custom = (subject: { body: unknown }) => (subject.body as { event_id?: unknown }).event_id;
    expect(deliveryKeyOf({ headers: { 'webhook-id': 'msg_1' }, body: { event_id: 'Ev01' } }, custom)).toBe('Ev01');
    expect(deliveryKeyOf({ headers: { 'webhook-id': 'msg_1' }, body: {} }, custom)).toBeNull();
    expect(deliveryKeyOf({ headers: {}, body: { event_id: 42 } }, custom)).toBe('42');
  });
});

describe('DeliveryTracker', () => {
  it('numbers the attempts of a key and times them from the first', () => {
    const tracker = new DeliveryTracker();
    expect(tracker.observe('msg_1', 1000, 503, 2)).toEqual({ key: 'msg_1', attempt: 1, sinceFirstMs: 0, duplicate: false });
    expect(tracker.observe('msg_1', 3000, 503, 3)).toEqual({ key: 'msg_1', attempt: 2, sinceFirstMs: 2000, duplicate: false });
    expect(tracker.delivered).toBe(0);
    expect(tracker.observe('msg_1', 7100, 200, 4)).toEqual({ key: 'msg_1', attempt: 3, sinceFirstMs: 6100, duplicate: false });
    expect(tracker.delivered).toBe(1);
    expect(formatTimeline(tracker.timelines()[0]!)).toBe('msg_1: 3 attempts: +0s 503, +2.0s 503, +6.1s 200');
  });

  it('flags an arrival after a 2xx as a duplicate, and it is not a second delivery', () => {
    const tracker = new DeliveryTracker();
    tracker.observe('evt_1', 0, 200);
    expect(tracker.observe('evt_1', 9000, 200).duplicate).toBe(true);
    tracker.observe('evt_2', 9500, null);
    expect(tracker.delivered).toBe(1);
    const timelines = tracker.timelines();
    expect(formatTimeline(timelines[0]!)).toBe('evt_1: 2 attempts: +0s 200, +9.0s 200 (duplicate)');
    expect(formatTimeline(timelines[1]!)).toBe('evt_2: 1 attempt: +0s no answer');
    expect(summariseDeliveries(timelines)).toBe('2 deliveries, 1 never answered 2xx, 1 duplicate');
  });

  it('keys are independent and listed in order of first arrival', () => {
    const tracker = new DeliveryTracker();
    tracker.observe('b', 0, 500);
    tracker.observe('a', 10, 200);
    tracker.observe('b', 65_500, 200);
    expect(tracker.timelines().map(formatTimeline)).toEqual(['b: 2 attempts: +0s 500, +1m05s 200', 'a: 1 attempt: +0s 200']);
    expect(summariseDeliveries(tracker.timelines())).toBe('2 deliveries, 1 retried');
  });
});

describe('judgeDeliveries', () => {
  const timelinesOf = (observe: (tracker: DeliveryTracker) => void) => {
    const tracker = new DeliveryTracker();
    observe(tracker);
    return tracker.timelines();
  };

  it('passes a delivery retried until a 2xx, and says so', () => {
    const timelines = timelinesOf((tracker) => {
      tracker.observe('msg_1', 0, 503);
      tracker.observe('msg_1', 2000, 200);
    });
    expect(judgeDeliveries(timelines, false)).toEqual({ expr: 'deliveries', pass: true, actual: '1 delivery, 1 retried', message: 'deliveries: 1 delivery, 1 retried' });
  });

  it('fails a repeat after a 2xx and a delivery never answered 2xx, naming each key', () => {
    const timelines = timelinesOf((tracker) => {
      tracker.observe('evt_1', 0, 200);
      tracker.observe('evt_1', 10, 200);
      tracker.observe('evt_2', 20, 503);
      tracker.observe('evt_2', 30, null);
    });
    expect(judgeDeliveries(timelines, false)).toMatchObject({ pass: false, message: 'deliveries: evt_1 came again after a 2xx (1 time); evt_2 was never answered 2xx (503, no answer)' });
    // An --expect naming `delivery` takes the judgement over.
    expect(judgeDeliveries(timelines, true)).toMatchObject({ pass: true, message: 'deliveries: 2 deliveries, 1 retried, 1 never answered 2xx, 1 duplicate (judged by your --expect)' });
  });

  it('leaves a delivery refused for its signature to the signature check', () => {
    const timelines = timelinesOf((tracker) => tracker.observe('msg_bad', 0, 401, null, 'invalid'));
    expect(judgeDeliveries(timelines, false)).toMatchObject({ pass: true });
    expect(judgeDeliveries([], false)).toBeNull();
  });

  it('names at most five problems in its one line', () => {
    const timelines = timelinesOf((tracker) => {
      for (let key = 1; key <= 7; key += 1) tracker.observe(`k${key}`, 0, 500);
    });
    expect(judgeDeliveries(timelines, false)!.message).toMatch(/k5 was never answered 2xx \(500\); and 2 more$/);
  });
});
