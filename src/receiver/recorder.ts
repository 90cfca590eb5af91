import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { TransportError, UsageError, type CbtestError } from '../core/errors.js';
import type { CbEvent } from '../core/events.js';
import { holdsLargeBody } from '../core/history-bodies.js';
import { toNdjsonLine } from '../core/ndjson.js';
import { batchedWriter, type BatchedWriter } from '../report/batched-writer.js';

// Where the last large bodies' lines are, so a view holding only a preview can read one back; older ones are gone from every view anyway.
const INDEXED_LINES = 5000;

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
  private readonly startsAt: number;
  private readonly largeLines = new Map<number, { offset: number; length: number }>();
  failure: CbtestError | null = null;

  constructor(
    readonly path: string,
    private readonly onFailure: (error: CbtestError) => void = () => undefined,
  ) {
    try {
      this.fd = openSync(path, 'a');
      // Appending to an earlier run's record: our lines start after it.
      this.startsAt = fstatSync(this.fd).size;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--record ${path} cannot be opened (${reason})`, 'check the folder exists and is writable');
    }
    this.writer = batchedWriter({ write: (chunk) => this.append(chunk) });
  }

  write(event: CbEvent): void {
    if (this.failure) return;
    const line = toNdjsonLine(event);
    const offset = this.writer.write(line);
    if (holdsLargeBody(event)) this.remember(event.seq, this.startsAt + offset, Buffer.byteLength(line));
  }

  /** Reads a large callback's line back from the file (the history holds only its preview); null when it cannot. */
  readBack(seq: number): CbEvent | null {
    const where = this.largeLines.get(seq);
    if (!where || !this.commit()) return null;
    let fd: number | null = null;
    try {
      fd = openSync(this.path, 'r');
      const bytes = Buffer.allocUnsafe(where.length);
      let read = 0;
      while (read < where.length) {
        const got = readSync(fd, bytes, read, where.length - read, where.offset + read);
        if (got === 0) return null;
        read += got;
      }
      const event = JSON.parse(bytes.toString('utf8')) as CbEvent;
      return event.seq === seq ? event : null;
    } catch {
      return null;
    } finally {
      if (fd !== null) closeSync(fd);
    }
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

  private remember(seq: number, offset: number, length: number): void {
    this.largeLines.set(seq, { offset, length });
    if (this.largeLines.size > INDEXED_LINES) this.largeLines.delete(this.largeLines.keys().next().value!);
  }

  private append(chunk: string | Uint8Array): void {
    if (this.fd === null || this.failure) return;
    try {
      if (typeof chunk === 'string') {
        // A large line is written as it is: encoding it to a Buffer first would hold it twice.
        const length = Buffer.byteLength(chunk);
        let done = writeSync(this.fd, chunk);
        if (done < length) done += writeRest(this.fd, Buffer.from(chunk).subarray(done));
        this.written += done;
        return;
      }
      this.written += writeRest(this.fd, chunk);
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

function writeRest(fd: number, bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
  return offset;
}
