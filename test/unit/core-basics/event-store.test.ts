import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../src/core/event-store.js';
import type { CbEvent } from '../../../src/core/events.js';

const probe = { type: 'probe', method: 'OPTIONS', path: '/', headers: {}, remote: '127.0.0.1:1' } as const;

describe('EventStore', () => {
  it('stamps seq in order and the injected clock time', () => {
    const store = new EventStore({ now: () => new Date('2026-01-02T03:04:05.678Z') });
    const first = store.append(probe);
    const second = store.append(probe);
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(first.at).toBe('2026-01-02T03:04:05.678Z');
    expect(Object.keys(first).slice(0, 3)).toEqual(['type', 'seq', 'at']);
  });

  it('keeps a bounded history but tells every subscriber about every event', () => {
    const store = new EventStore({ historyLimit: 3 });
    const seen: number[] = [];
    store.subscribe((event) => seen.push(event.seq));
    for (let index = 0; index < 10; index += 1) store.append(probe);
    expect(seen).toHaveLength(10);
    const { events, dropped } = store.snapshot();
    expect(events.map((event) => event.seq)).toEqual([8, 9, 10]);
    expect(dropped).toBe(7);
    expect(store.counts()).toMatchObject({ total: 10, probes: 10 });
  });

  it('stamps a draft made with seq 0 and at in place (handed over, no copy), and leaves any other draft as it was', () => {
    const store = new EventStore({ now: () => new Date('2026-01-02T03:04:05.678Z') });
    const other = { ...probe };
    const first = store.append(other);
    const draft = { type: 'probe', seq: 0, at: '', method: 'GET', path: '/p', headers: {}, remote: '' };
    const event = store.append(draft as unknown as typeof probe);
    expect([first === other, 'seq' in other, Object.keys(first).slice(0, 4)]).toEqual([false, false, ['type', 'seq', 'at', 'method']]);
    expect([event === draft, draft.seq, draft.at, Object.keys(event).slice(0, 4)]).toEqual([true, 2, '2026-01-02T03:04:05.678Z', ['type', 'seq', 'at', 'method']]);
  });

  it('with a history of 0 keeps no event, yet every subscriber and the counts still see each one whole', () => {
    const store = new EventStore({ historyLimit: 0, historyBodyBytes: 10 });
    const seen: Array<[number, number]> = [];
    store.subscribe((event) => seen.push([event.seq, event.type === 'callback' ? event.bodyText!.length : 0]));
    const bodyText = 'x'.repeat(20_000);
    const large = { type: 'callback', method: 'POST', path: '/', query: {}, headers: {}, body: null, bodyText, bodyBase64: btoa(bodyText), size: 20_000, contentType: 'text/plain', remote: '', response: { status: 200 }, matched: true } as const;
    for (let index = 0; index < 4; index += 1) store.append(probe);
    store.append(large);
    expect([seen, store.snapshot(), store.counts()]).toEqual([[[1, 0], [2, 0], [3, 0], [4, 0], [5, 20_000]], { events: [], dropped: 5 }, { total: 5, callbacks: 1, matched: 1, probes: 4 }]);
  });

  it('delivers an event appended by a listener after the current one, so every subscriber sees one order', () => {
    const store = new EventStore();
    const first: number[] = [];
    const second: number[] = [];
    store.subscribe((event) => {
      first.push(event.seq);
      if (event.seq === 1) store.append(probe);
    });
    store.subscribe((event: CbEvent) => second.push(event.seq));
    store.append(probe);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
  });

  it('stops calling a listener once it unsubscribes', () => {
    const store = new EventStore();
    const seen: number[] = [];
    const unsubscribe = store.subscribe((event) => seen.push(event.seq));
    store.append(probe);
    unsubscribe();
    store.append(probe);
    expect(seen).toEqual([1]);
  });

  it('keeps the newest large bodies whole up to its budget, the older ones as previews; subscribers get every body whole', () => {
    const callback = (size: number) => {
      const bodyText = 'x'.repeat(size);
      return { type: 'callback', method: 'POST', path: '/', query: {}, headers: {}, body: null, bodyText, bodyBase64: btoa(bodyText), size, contentType: 'text/plain', remote: '', response: { status: 200 }, matched: true } as const;
    };
    const store = new EventStore({ historyLimit: 4, historyBodyBytes: 100_000 });
    const heard: number[] = [];
    store.subscribe((event) => heard.push(event.type === 'callback' ? event.bodyText!.length : 0));
    for (const size of [40_000, 40_000, 40_000, 200_000, 100, 30_000, 30_000]) store.append(callback(size));
    expect(heard).toEqual([40_000, 40_000, 40_000, 200_000, 100, 30_000, 30_000]);
    const held = store.snapshot().events.map((event) => (event.type === 'callback' ? [event.seq, event.bodyText!.length, event.historyPreview?.bytes ?? 'whole'] : []));
    // #6 and #7 fit the budget together; #4 is over it on its own; #5 is small enough to be its own preview.
    expect(held).toEqual([
      [4, 4096, 4098],
      [5, 100, 'whole'],
      [6, 30_000, 'whole'],
      [7, 30_000, 'whole'],
    ]);
    const preview = store.snapshot().events[0]!;
    expect(store.whole(preview).missing).toBe("#4's body is kept in memory as its first 4.0KiB of 195.3KiB; run with --record to keep every body whole");
  });
});
