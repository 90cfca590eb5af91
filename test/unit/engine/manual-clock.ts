import type { Clock, SignalSource, StopSignal } from '../../../src/run/engine-deps.js';

interface Timer {
  at: number;
  callback: () => void;
}

/** Time that moves only when the test says so. */
export class ManualClock implements Clock {
  time = Date.parse('2026-03-01T12:00:00.000Z');
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer !== handle);
  }

  /** Moves time on, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

/** Signals a test sends by hand. */
export class ManualSignals implements SignalSource {
  private readonly listeners = new Map<StopSignal, Set<() => void>>();

  on(signal: StopSignal, listener: () => void): () => void {
    const set = this.listeners.get(signal) ?? new Set();
    set.add(listener);
    this.listeners.set(signal, set);
    return () => set.delete(listener);
  }

  emit(signal: StopSignal): void {
    for (const listener of this.listeners.get(signal) ?? []) listener();
  }

  get listening(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}
