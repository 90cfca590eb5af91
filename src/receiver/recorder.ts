import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { CbEvent } from '../core/events.js';
import { toNdjsonLine } from '../core/ndjson.js';
import { batchedWriter, type BatchedWriter } from '../report/batched-writer.js';

/**
 * Appends every event to an NDJSON file. Lines are coalesced for a few milliseconds and written with one synchronous
 * append, so a reader never sees half a line; close() (on exit, Ctrl-C, SIGTERM) writes what is pending.
 */
export class NdjsonRecorder {
  private fd: number | null;
  private readonly writer: BatchedWriter;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--record ${path} cannot be opened (${reason})`, 'check the folder exists and is writable');
    }
    this.writer = batchedWriter({
      write: (chunk) => {
        if (this.fd === null) return;
        if (typeof chunk === 'string') writeSync(this.fd, chunk);
        else writeSync(this.fd, chunk);
      },
    });
  }

  write(event: CbEvent): void {
    this.writer.write(toNdjsonLine(event));
  }

  close(): void {
    this.writer.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
