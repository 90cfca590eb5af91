import { useCallback, useSyncExternalStore } from 'react';
import type { CbEvent } from '../core/events.js';
import type { EventStore } from '../core/event-store.js';

/**
 * The store's version, re-read at most once per `intervalMs`: a flood of thousands of callbacks a second
 * becomes a handful of frames. `onEvent` still sees every event as it is appended.
 */
export function useStoreVersion(store: EventStore, intervalMs: number, onEvent?: (event: CbEvent) => void): number {
  const subscribe = useCallback(
    (onStoreChange: () => void) => {
      let timer: NodeJS.Timeout | null = null;
      const unsubscribe = store.subscribe((event) => {
        onEvent?.(event);
        if (timer !== null) return;
        timer = setTimeout(() => {
          timer = null;
          onStoreChange();
        }, intervalMs);
      });
      return () => {
        unsubscribe();
        if (timer !== null) clearTimeout(timer);
      };
    },
    [store, intervalMs, onEvent],
  );
  return useSyncExternalStore(subscribe, () => store.version);
}
