import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { CbEvent } from '../core/events.js';
import { toNdjsonLine } from '../core/ndjson.js';

/**
 * Appends every event to an NDJSON file. Lines are batched per tick and written with one synchronous append each
 * flush, so a reader never sees half a line and an interrupt loses nothing that was flushed.
 */
export class NdjsonRecorder {
  private fd: number | null;
  private pending: string[] = [];
  private scheduled = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--record ${path} cannot be opened (${reason})`, 'check the folder exists and is writable');
    }
  }

  write(event: CbEvent): void {
    this.pending.push(toNdjsonLine(event));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.fd === null || this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    writeSync(this.fd, chunk);
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
