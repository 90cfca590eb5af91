import type { Readable } from 'node:stream';
import { type Deadline, DeadlineList } from './deadline-list.js';
import type { InflightBudget } from './inflight-budget.js';

export type CollectedBody =
  | { kind: 'complete'; bytes: Buffer }
  | { kind: 'too-large'; size: number }
  | { kind: 'over-budget'; size: number }
  | { kind: 'aborted'; received: number; reason: string; timedOut?: boolean };

export interface CollectLimits {
  /** --body-limit: a larger body is refused (413). */
  bodyLimit: number;
  /** Bytes all bodies in flight may hold together; beyond it a body is refused (503) until others are done. */
  budget: InflightBudget;
  /** A body still unfinished after this long is cut (408), so a dribbling sender cannot hold a connection forever. */
  timeoutMs: number;
}

/**
 * Reads a request body up to the limits and hands it to `collected`, once. It never fails: an oversized, over-budget,
 * slow or broken body becomes a value the receiver records, so a hostile sender can neither crash cbtest nor make it
 * hold more than it allows. The bytes stay charged to the budget until the caller releases them (once the callback
 * is recorded and answered). A callback, not a promise: this runs for every request, and a promise (plus once-
 * wrappers for end, error and close) was a measurable part of a small callback's cost.
 */
export function collectBody(stream: Readable, limits: CollectLimits, declaredLength: number | null, collected: (body: CollectedBody) => void): void {
  if (declaredLength !== null && declaredLength > limits.bodyLimit) {
    stream.resume();
    collected({ kind: 'too-large', size: declaredLength });
    return;
  }
  if (declaredLength !== null && !limits.budget.reserve(declaredLength)) {
    stream.resume();
    collected({ kind: 'over-budget', size: declaredLength });
    return;
  }
  let charged = declaredLength ?? 0;
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (result: CollectedBody): void => {
    if (settled) return;
    settled = true;
    // Done: leave the list now, not at the next sweep, so nothing keeps this body's closure alive.
    reading.remove(deadline);
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('close', onClose);
    // The error listener stays: an error after the body (a reset) must not become an uncaught 'error' event.
    if (result.kind !== 'complete') {
      limits.budget.release(charged);
      charged = 0;
    } else if (charged > received) {
      limits.budget.release(charged - received);
    }
    collected(result);
  };
  const deadline = watch(limits.timeoutMs, () => {
    settle({ kind: 'aborted', received, reason: `body not finished within ${Math.round(limits.timeoutMs / 1000)}s`, timedOut: true });
  });
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > limits.bodyLimit) {
      chunks.length = 0;
      stream.resume();
      settle({ kind: 'too-large', size: received });
      return;
    }
    if (received > charged) {
      // A chunked body (no Content-Length) is charged as it arrives.
      if (!limits.budget.reserve(received - charged)) {
        chunks.length = 0;
        stream.resume();
        settle({ kind: 'over-budget', size: received });
        return;
      }
      charged = received;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => settle({ kind: 'complete', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received) });
  const onError = (error: Error): void => settle({ kind: 'aborted', received, reason: error.message });
  const onClose = (): void => settle({ kind: 'aborted', received, reason: 'sender disconnected mid-body' });
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
}

// One timer for all bodies in flight: a timer set and cleared per request cost more than reading a small body.
// It ticks only while a body is being read, and cuts a late one within a tick of its deadline.
const SWEEP_MS = 100;
const reading = new DeadlineList();
let sweeper: NodeJS.Timeout | null = null;

function watch(ms: number, expire: () => void): Deadline {
  const deadline = reading.add(Date.now() + ms, expire);
  if (sweeper === null) {
    sweeper = setInterval(sweep, SWEEP_MS);
    sweeper.unref();
  }
  return deadline;
}

function sweep(): void {
  for (const deadline of reading.due(Date.now())) deadline.expire();
  if (reading.size === 0 && sweeper !== null) {
    clearInterval(sweeper);
    sweeper = null;
  }
}
