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
});
