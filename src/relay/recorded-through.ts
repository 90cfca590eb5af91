import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { streamIdAfter } from './channel-keys.js';
import { ENTRY_HEADER } from './local-replay.js';

// The tail read grows until it holds the last relay event; past the largest, the record is too busy to be worth it.
const WINDOWS = [1 << 20, 8 << 20, 64 << 20];

/**
 * The last stream id of `channel` already in an earlier run's record (`--record` appends), or null. A client
 * killed between its receiver's record write and its acknowledgment gets that callback again; starting after this
 * id drops it. Only callbacks after the record's last `relay` event count, and only when that event names this
 * channel: ids of another channel in the same file say nothing about this one.
 */
export function recordedThrough(recordPath: string, channel: string): string | null {
  let fd: number;
  try {
    fd = openSync(recordPath, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    for (const window of WINDOWS) {
      const start = Math.max(0, size - window);
      const found = scanTail(readRange(fd, start, size - start), start === 0, channel);
      if (found !== undefined) return found;
      if (start === 0) return null;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** undefined: no relay event in this tail (read more); null: nothing of this channel to skip. */
function scanTail(text: string, wholeFile: boolean, channel: string): string | null | undefined {
  const lines = text.split('\n');
  if (!wholeFile) lines.shift(); // the window's first line is cut
  let latest: string | null = null;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index]!;
    if (line.includes('"type":"relay"')) {
      return namesChannel(parseLine(line)?.url, channel) ? latest : null;
    }
    if (!line.includes(ENTRY_HEADER)) continue;
    const event = parseLine(line);
    const id = event?.type === 'callback' ? (event.headers as Record<string, unknown> | undefined)?.[ENTRY_HEADER] : undefined;
    if (typeof id === 'string' && /^\d+-\d+$/.test(id) && (latest === null || streamIdAfter(id, latest))) latest = id;
  }
  return undefined;
}

function namesChannel(url: unknown, channel: string): boolean {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url).pathname.replace(/\/+$/, '').endsWith(`/c/${channel}`);
  } catch {
    return false;
  }
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readRange(fd: number, start: number, length: number): string {
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const got = readSync(fd, bytes, read, length - read, start + read);
    if (got === 0) break;
    read += got;
  }
  return bytes.subarray(0, read).toString('utf8');
}
