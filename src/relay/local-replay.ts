import { Pool } from 'undici';
import { isConnectionHeader } from '../core/resend.js';
import type { RelayedAnswer, RelayedRequest } from './relay-protocol.js';

/** The headers a relayed request gains on its way to the local receiver, so the record can tell where it came from. */
export const REMOTE_HEADER = 'x-cbtest-relay-remote';
export const ENTRY_HEADER = 'x-cbtest-relay-id';

// host and content-length describe the producer's request itself and are kept; connection framing is the next hop's.
const KEPT_FRAMING = new Set(['host', 'content-length']);

export interface LocalReplayer {
  /** Sends a relayed request to the local receiver with its exact bytes and returns the receiver's answer. */
  replay(entry: RelayedRequest): Promise<RelayedAnswer>;
  close(): Promise<void>;
}

/** Replays relayed requests to the receiver over loopback (kept-alive connections; a self-signed --https is fine there). */
export function createLocalReplayer(localUrl: string): LocalReplayer {
  const pool = new Pool(new URL(localUrl).origin, { connections: 64, connect: { rejectUnauthorized: false }, headersTimeout: 0, bodyTimeout: 0 });
  return {
    replay: async (entry) => {
      try {
        const response = await pool.request({
          method: entry.method,
          path: entry.target,
          headers: headerLinesFor(entry),
          body: entry.body === '' ? null : Buffer.from(entry.body, 'base64'),
        });
        const body = Buffer.from(await response.body.arrayBuffer());
        return { reply: entry.reply, status: response.statusCode, headers: response.headers as Record<string, string | string[]>, body: body.toString('base64') };
      } catch (error) {
        const message = `the cbtest receiver behind this channel could not be reached: ${(error as Error).message}`;
        return { reply: entry.reply, status: 502, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ error: message })).toString('base64') };
      }
    },
    close: () => pool.destroy(),
  };
}

function headerLinesFor(entry: RelayedRequest): string[] {
  const lines: string[] = [];
  for (let index = 0; index + 1 < entry.headers.length; index += 2) {
    const name = entry.headers[index]!;
    const lower = name.toLowerCase();
    if (lower === REMOTE_HEADER || lower === ENTRY_HEADER) continue;
    if (isConnectionHeader(lower) && !KEPT_FRAMING.has(lower)) continue;
    lines.push(name, entry.headers[index + 1]!);
  }
  lines.push(REMOTE_HEADER, entry.remote, ENTRY_HEADER, entry.id);
  return lines;
}
