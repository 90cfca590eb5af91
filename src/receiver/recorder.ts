import { closeSync, openSync, writeSync } from 'node:fs';
import { TransportError, UsageError, type CbtestError } from '../core/errors.js';
import type { CbEvent } from '../core/events.js';
import { toNdjsonLine } from '../core/ndjson.js';
import { batchedWriter, type BatchedWriter } from '../report/batched-writer.js';

/**
 * Appends every event to an NDJSON file. Lines are coalesced and written with one synchronous append, so a reader
 * never sees half a line. The receiver calls commit() before each batch of answers, so every callback a sender got
 * an answer for has been handed to the OS (it survives cbtest being killed; not a power cut, which needs fsync).
 * A write that fails (a full disk) stops the record: lines before it stay, and `onFailure` hears it once.
 */
export class NdjsonRecorder {
  private fd: number | null;
  private readonly writer: BatchedWriter;
  private written = 0;
  failure: CbtestError | null = null;

  constructor(
    readonly path: string,
    private readonly onFailure: (error: CbtestError) => void = () => undefined,
  ) {
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--record ${path} cannot be opened (${reason})`, 'check the folder exists and is writable');
    }
    this.writer = batchedWriter({ write: (chunk) => this.append(chunk) });
  }

  write(event: CbEvent): void {
    if (this.failure) return;
    this.writer.write(toNdjsonLine(event));
  }

  /** Writes what is pending now; false when the record can no longer be written. */
  commit(): boolean {
    this.writer.flush();
    return this.failure === null;
  }

  close(): void {
    this.writer.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private append(chunk: string | Uint8Array): void {
    if (this.fd === null || this.failure) return;
    try {
      let offset = 0;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
      this.written += bytes.length;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      const why = code === 'ENOSPC' ? 'ENOSPC: the disk is full' : code;
      const message = `--record ${this.path} cannot be written (${why})`;
      const hint = this.written === 0 ? 'free some space or record elsewhere' : `the record keeps the ${this.written} bytes written before; free some space or record elsewhere`;
      this.failure = this.written === 0 ? new UsageError(message, hint) : new TransportError(message, hint);
      this.onFailure(this.failure);
    }
  }
}
