import { setMaxListeners } from 'node:events';
import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * Everything the producer does after it has answered (processing, deliveries, retries, subscription
 * timers) runs here, so that closing the producer cancels all of it and no promise is ever left unhandled.
 */
export class BackgroundWork {
  readonly #controller = new AbortController();
  readonly #running = new Set<Promise<void>>();
  readonly #onError: (label: string, error: unknown) => void;

  constructor(onError: (label: string, error: unknown) => void) {
    this.#onError = onError;
    // Every waiting flow, timer and delivery listens to this one signal: dozens at once are normal here.
    setMaxListeners(0, this.#controller.signal);
  }

  /** Aborted when the producer closes. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get closed(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Starts a task; its failure is reported, never thrown. The returned promise always resolves. */
  run(label: string, task: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.resolve();
    const running = Promise.resolve()
      .then(task)
      .catch((error: unknown) => {
        // Once closing, failures are the cancellation itself (aborted sleeps, destroyed sockets).
        if (!isAbort(error) && !this.closed) this.#onError(label, error);
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
    return running;
  }

  /** Waits `ms`, rejecting with an AbortError when the producer (or the extra signal) is cancelled. */
  async sleep(ms: number, extra?: AbortSignal): Promise<void> {
    const signal = extra ? AbortSignal.any([this.signal, extra]) : this.signal;
    await sleepFor(Math.max(0, ms), undefined, { signal });
  }

  /** Resolves with `promise`, or rejects with an AbortError once the producer closes. */
  untilClosed<T>(promise: Promise<T>, extra?: AbortSignal): Promise<T> {
    const signal = extra ? AbortSignal.any([this.signal, extra]) : this.signal;
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Cancels every timer and delivery, then waits for the tasks to wind down. */
  async close(): Promise<void> {
    this.#controller.abort();
    await Promise.allSettled([...this.#running]);
  }
}

export function abortError(): Error {
  const error = new Error('the producer is closing');
  error.name = 'AbortError';
  return error;
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'RequestAbortedError');
}
