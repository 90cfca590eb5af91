import type { Readable } from 'node:stream';

export type RelayBody = { kind: 'complete'; bytes: Buffer } | { kind: 'too-large'; size: number } | { kind: 'aborted'; reason: string };

// A body still unfinished after this long is cut, so a dribbling sender cannot hold the relay's memory.
const BODY_TIMEOUT_MS = 60_000;

/**
 * Reads a producer's body up to the relay's --body-limit. It never rejects: a larger one becomes `too-large` (its
 * size announced or counted), so the relay can answer 413 and tell the client, holding no more than the limit.
 */
export function readRelayBody(stream: Readable, limit: number, declaredLength: number | null): Promise<RelayBody> {
  if (declaredLength !== null && declaredLength > limit) {
    stream.resume();
    return Promise.resolve({ kind: 'too-large', size: declaredLength });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (result: RelayBody): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(result);
    };
    const timer = setTimeout(() => settle({ kind: 'aborted', reason: 'the body took too long' }), BODY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      stream.resume();
      settle({ kind: 'too-large', size: received });
    };
    stream.on('data', onData);
    stream.once('end', () => settle({ kind: 'complete', bytes: Buffer.concat(chunks, received) }));
    stream.once('error', (error) => settle({ kind: 'aborted', reason: error.message }));
    stream.once('close', () => settle({ kind: 'aborted', reason: 'the producer disconnected mid-body' }));
  });
}
