export interface Writable {
  write(chunk: string | Uint8Array): unknown;
}

export interface BatchedWriter {
  /** Queues a line; returns the bytes of output before it (so a caller can find the line again). */
  write(line: string): number;
  /** Writes whatever is pending now; called on detach and on shutdown. */
  flush(): void;
}

// Under a flood of callbacks one write per event would cost more than receiving it; a few milliseconds of
// coalescing turns thousands of syscalls into one, and a person watching cannot tell.
const FLUSH_AFTER_MS = 10;
const FLUSH_AT_BYTES = 1 << 20;
const INITIAL_BYTES = 64 * 1024;
// A line this long (a large body) gains nothing from batching; copying it into the batch would hold it twice or three times.
const DIRECT_LINE_CHARS = 256 * 1024;

/**
 * Lines reach `out` in order, whole, at most ~10ms late. Each line is encoded straight into one buffer per batch:
 * joining strings and encoding the joined copy again cost more than the serialising did.
 */
export function batchedWriter(out: Writable): BatchedWriter {
  let buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  let used = 0;
  let before = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (used === 0) return;
    // The stream may hold on to the chunk: hand this buffer over and start a new one.
    const chunk = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, used));
    before += used;
    used = 0;
    out.write(chunk);
  };
  return {
    write(line) {
      if (line.length > DIRECT_LINE_CHARS) {
        flush();
        const at = before;
        before += Buffer.byteLength(line);
        out.write(line);
        return at;
      }
      const worstCase = line.length * 3;
      if (used + worstCase > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + worstCase));
        buffer.copy(grown, 0, 0, used);
        buffer = grown;
      }
      const at = before + used;
      used += buffer.write(line, used);
      if (used >= FLUSH_AT_BYTES) flush();
      else timer ??= setTimeout(flush, FLUSH_AFTER_MS);
      return at;
    },
    flush,
  };
}
