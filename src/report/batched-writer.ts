export interface Writable {
  write(chunk: string): unknown;
}

export interface BatchedWriter {
  write(line: string): void;
  /** Writes whatever is pending now; called on detach and on shutdown. */
  flush(): void;
}

// Under a flood of callbacks one write per event would cost more than receiving it; a few milliseconds of
// coalescing turns thousands of syscalls into one, and a person watching cannot tell.
const FLUSH_AFTER_MS = 10;
const FLUSH_AT_CHARS = 1 << 20;

/** Lines reach `out` in order, whole, at most ~10ms late; pending lines are written on flush(). */
export function batchedWriter(out: Writable): BatchedWriter {
  let pending: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    size = 0;
    out.write(chunk);
  };
  return {
    write(line) {
      pending.push(line);
      size += line.length;
      if (size >= FLUSH_AT_CHARS) flush();
      else timer ??= setTimeout(flush, FLUSH_AFTER_MS);
    },
    flush,
  };
}
