/** Waits `ms`, or rejects with the signal's reason as soon as it aborts; never leaves a timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A signal that aborts with the parent or after `ms`; `dispose` clears the timer. */
export function deadlineSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineReached()), Math.max(0, ms));
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

/** The reason a `deadlineSignal` aborts with when its time is up (as opposed to the parent aborting). */
export class DeadlineReached extends Error {
  constructor() {
    super('deadline reached');
    this.name = 'DeadlineReached';
  }
}

/** A short name for a network failure: its code when it has one (ECONNREFUSED), else its message. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_SOCKET')) return code;
    if (!(current.cause instanceof Error)) break;
    current = current.cause;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Settles with `promise`, or rejects with `onDeadline()` at `deadline` (epoch ms), or with the signal's reason. */
export function settleBefore<T>(promise: Promise<T>, deadline: number, signal: AbortSignal, onDeadline: () => Error): Promise<T> {
  const limit = deadlineSignal(signal, deadline - Date.now());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(limit.signal.reason instanceof DeadlineReached ? onDeadline() : limit.signal.reason);
    };
    if (limit.signal.aborted) return onAbort();
    limit.signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject);
  }).finally(() => limit.dispose());
}
