import { randomBytes } from 'node:crypto';
import type { Clock, EngineDeps, SignalSource, ViewFactory } from '../run/engine-deps.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const processSignals: SignalSource = {
  on(signal, listener) {
    process.on(signal, listener);
    return () => {
      process.off(signal, listener);
    };
  },
};

const PROGRESS_EVERY_MS = 5000;

/** The engine's dependencies as the binary runs it: the real clock, the process's signals, a view of the command's choosing. */
export function systemDeps(view: ViewFactory): EngineDeps {
  return { clock: systemClock, signals: processSignals, view, progressEveryMs: PROGRESS_EVERY_MS, newToken: () => randomBytes(12).toString('base64url') };
}
