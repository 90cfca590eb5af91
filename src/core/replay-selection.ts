import { evaluateExpectation, type Expectation } from './assertions/index.js';
import { UsageError } from './errors.js';
import type { CbEventOf } from './events.js';
import type { RecordedRun } from './record-runs.js';
import type { SeqList } from './seq-list.js';

export interface ReplaySelection {
  callbacks: CbEventOf<'callback'>[];
  /** Callbacks left out because their bytes were never kept (refused for their size): `#5 was refused (body too large)…`. */
  skipped: string[];
}

/**
 * The recorded callbacks a replay sends, in recorded order: those `--seq` names (each must be a callback of the run)
 * and that pass `--filter`. Nothing left to send is a usage error that says why.
 */
export function selectCallbacks(run: RecordedRun, options: { seq: SeqList | null; filter: { text: string; expectation: Expectation } | null }): ReplaySelection {
  const events = run.lines.map((line) => line.event);
  const callbacks = events.filter((event): event is CbEventOf<'callback'> => event.type === 'callback');
  if (callbacks.length === 0) throw new UsageError('the record holds no callbacks to replay', 'record a run with --record while callbacks arrive');
  let chosen = callbacks;
  if (options.seq) {
    const { seq } = options;
    for (const range of seq.ranges) {
      if (range.from !== range.to) continue;
      const named = events.find((event) => event.seq === range.from);
      if (!named) throw new UsageError(`--seq ${range.from}: the run has no event #${range.from}`, `its events are #1 to #${events[events.length - 1]!.seq}`);
      if (named.type !== 'callback') throw new UsageError(`--seq ${range.from}: event #${range.from} is a ${named.type}, not a callback`, `callbacks in this run: ${listSeqs(callbacks)}`);
    }
    chosen = chosen.filter((event) => seq.includes(event.seq));
    if (chosen.length === 0) throw new UsageError(`--seq ${seq.text} names no callback of the run`, `callbacks in this run: ${listSeqs(callbacks)}`);
  }
  if (options.filter) {
    const { filter } = options;
    const before = chosen.length;
    chosen = chosen.filter((event) => evaluateExpectation(filter.expectation, event).pass);
    if (chosen.length === 0) throw new UsageError(`--filter '${filter.text}' matches none of the ${before} callback${before === 1 ? '' : 's'}`, 'check the query against one line of the record');
  }
  const skipped: string[] = [];
  const kept = chosen.filter((event) => {
    if (!event.rejected) return true;
    skipped.push(`#${event.seq} is not replayed: it was refused (${event.rejected.reason}) and its bytes were not kept`);
    return false;
  });
  if (kept.length === 0) throw new UsageError('nothing to replay: every chosen callback was refused when it arrived and its bytes were not kept', skipped[0]);
  return { callbacks: kept, skipped };
}

function listSeqs(callbacks: ReadonlyArray<{ seq: number }>): string {
  const shown = callbacks.slice(0, 12).map((event) => `#${event.seq}`);
  return callbacks.length > 12 ? `${shown.join(', ')}, … (${callbacks.length})` : shown.join(', ');
}
