import type { Readable } from 'node:stream';
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
 * Reads a request body up to the limits. It never rejects: an oversized, over-budget, slow or broken body becomes a
 * value the receiver records, so a hostile sender can neither crash cbtest nor make it hold more than it allows.
 * The bytes stay charged to the budget until the caller releases them (once the callback is recorded and answered).
 */
export function collectBody(stream: Readable, limits: CollectLimits, declaredLength: number | null): Promise<CollectedBody> {
  if (declaredLength !== null && declaredLength > limits.bodyLimit) {
    stream.resume();
    return Promise.resolve({ kind: 'too-large', size: declaredLength });
  }
  if (declaredLength !== null && !limits.budget.reserve(declaredLength)) {
    stream.resume();
    return Promise.resolve({ kind: 'over-budget', size: declaredLength });
  }
  let charged = declaredLength ?? 0;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: CollectedBody): void => {
      if (settled) return;
      settled = true;
      unwatch(deadline);
      stream.off('data', onData);
      if (result.kind !== 'complete') {
        limits.budget.release(charged);
        charged = 0;
      } else if (charged > received) {
        limits.budget.release(charged - received);
      }
      resolve(result);
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
    stream.on('data', onData);
    stream.once('end', () => settle({ kind: 'complete', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received) }));
    stream.once('error', (error) => settle({ kind: 'aborted', received, reason: error.message }));
    stream.once('close', () => settle({ kind: 'aborted', received, reason: 'sender disconnected mid-body' }));
  });
}

interface Deadline {
  at: number;
  expire: () => void;
}

// One timer for all bodies in flight: a timer set and cleared per request cost more than reading a small body.
// It ticks only while a body is being read, and cuts a late one within a tick of its deadline.
const SWEEP_MS = 100;
const reading = new Set<Deadline>();
let sweeper: NodeJS.Timeout | null = null;

function watch(ms: number, expire: () => void): Deadline {
  const deadline = { at: Date.now() + ms, expire };
  reading.add(deadline);
  if (sweeper === null) {
    sweeper = setInterval(sweep, SWEEP_MS);
    sweeper.unref();
  }
  return deadline;
}

function unwatch(deadline: Deadline): void {
  reading.delete(deadline);
}

function sweep(): void {
  const now = Date.now();
  for (const deadline of reading) if (deadline.at <= now) deadline.expire();
  if (reading.size === 0 && sweeper !== null) {
    clearInterval(sweeper);
    sweeper = null;
  }
}
