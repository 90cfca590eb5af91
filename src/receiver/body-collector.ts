import type { Readable } from 'node:stream';

export type CollectedBody =
  | { kind: 'complete'; bytes: Buffer }
  | { kind: 'too-large'; size: number }
  | { kind: 'aborted'; received: number; reason: string };

/**
 * Reads a request body up to `limit` bytes. It never rejects: an oversized or broken body becomes a value the
 * receiver records, so a hostile sender can neither crash cbtest nor make it hold more than `limit` bytes.
 */
export function collectBody(stream: Readable, limit: number, declaredLength: number | null): Promise<CollectedBody> {
  if (declaredLength !== null && declaredLength > limit) {
    stream.resume();
    return Promise.resolve({ kind: 'too-large', size: declaredLength });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: CollectedBody): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        chunks.length = 0;
        stream.resume();
        settle({ kind: 'too-large', size: received });
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => settle({ kind: 'complete', bytes: Buffer.concat(chunks, received) }));
    stream.once('error', (error) => settle({ kind: 'aborted', received, reason: error.message }));
    stream.once('close', () => settle({ kind: 'aborted', received, reason: 'sender disconnected mid-body' }));
  });
}
