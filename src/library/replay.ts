import type { CbEvent } from '../core/events.js';
import { UsageError } from '../core/errors.js';
import { parseHeaderFlags } from '../core/headers.js';
import { parseSeqList } from '../core/seq-list.js';
import { parseHttpUrl } from '../cli/parse-values.js';
import { prepareReplay } from '../record/replay-record.js';
import { timeoutMsOf } from './wait-options.js';

export interface ReplayOptions {
  /** Where to send them (default: the `url` of the record's `listening` event). */
  to?: string;
  /** Only these events, by seq: `'3,5-7'` or `[3, 5, 6]`. */
  seq?: string | readonly number[];
  /** Only callbacks matching an assertion, e.g. `'$.path startsWith "/hooks"'`. */
  filter?: string;
  /** Replays in flight at once (default 1, in recorded order). */
  concurrency?: number;
  /** Set on every replay, replacing recorded headers of the same name. */
  headers?: Record<string, string>;
  /** Per answer (default 30s). */
  timeout?: string | number;
  /** Sign each afresh: `{ scheme: 'stripe', secret: 'env:STRIPE_SECRET' }`. */
  sign?: { scheme: string; secret: string; header?: string; encoding?: 'hex' | 'base64'; prefix?: string };
  /** Which run of a file several runs appended to: its number or runId (default the last). */
  run?: string | number;
}

export interface ReplayResult {
  pass: boolean;
  /** What `cbtest replay` would exit with: 0 when every answer was 2xx, 4 otherwise. */
  exitCode: number;
  reason?: string;
  /** `request` (with `replayOf`) and `ack` events, then the `result`. */
  events: CbEvent[];
  /** What the CLI would have said on stderr: which run was taken, headers left out. */
  notes: string[];
}

/** `cbtest replay` as a call: re-sends recorded callbacks byte for byte and resolves with every answer. */
export async function replay(file: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const notes: string[] = [];
  const { parseExpectation } = await import('../core/assertions/index.js');
  if (options.concurrency !== undefined && (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1)) throw new UsageError(`concurrency ${options.concurrency} is not a whole number from 1`);
  const seq = options.seq === undefined ? null : parseSeqList(typeof options.seq === 'string' ? options.seq : options.seq.join(','), 'seq');
  const prepared = await prepareReplay(
    file,
    {
      to: options.to === undefined ? null : parseHttpUrl(options.to, 'to').href,
      run: options.run === undefined ? null : String(options.run),
      seq,
      filter: options.filter === undefined ? null : { text: options.filter, expectation: parseExpectation(options.filter, 'filter') },
      concurrency: options.concurrency ?? 1,
      headers: parseHeaderFlags(Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`), 'headers'),
      timeoutMs: timeoutMsOf(options.timeout, '30s') ?? 30_000,
      sign: options.sign ? { scheme: options.sign.scheme, secret: options.sign.secret, header: options.sign.header?.toLowerCase() ?? null, encoding: options.sign.encoding ?? 'hex', prefix: options.sign.prefix ?? '' } : null,
    },
    { env: process.env, say: (line) => notes.push(line) },
  );
  const outcome = await prepared.run();
  return { pass: outcome.pass, exitCode: outcome.exitCode, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }), events: [...prepared.store.snapshot().events], notes };
}
