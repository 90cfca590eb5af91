import { randomBytes } from 'node:crypto';
import type { EventStore } from '../core/event-store.js';
import { systemClock } from '../cli/system-deps.js';
import { silentView, type EngineDeps } from '../run/engine-deps.js';

// A library never owns the process: Ctrl-C and SIGTERM belong to the test runner, so the engine hears none.
const noSignals: EngineDeps['signals'] = { on: () => () => undefined };

/** The engine as a library runs it: the real clock, no signal handlers, no output, no progress lines. */
export function libraryDeps(onStore?: (store: EventStore) => void): EngineDeps {
  return {
    clock: systemClock,
    signals: noSignals,
    view: async (store, hooks) => {
      onStore?.(store);
      return silentView(store, hooks);
    },
    progressEveryMs: null,
    newToken: () => randomBytes(12).toString('base64url'),
  };
}
