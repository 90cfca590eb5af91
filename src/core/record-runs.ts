import { UsageError } from './errors.js';
import type { CbEventOf } from './events.js';
import type { RecordedLine } from './record-file.js';

/** One run of cbtest inside a record file (several runs may append to the same file). */
export interface RecordedRun {
  /** 1-based position in the file. */
  index: number;
  /** From the run's `listening` or `result` event, when the recording cbtest wrote one. */
  runId: string | null;
  /** Where its receiver listened: the default target of a replay. */
  listening: CbEventOf<'listening'> | null;
  lines: RecordedLine[];
}

function runIdOf(line: RecordedLine): string | null {
  const runId = (line.event as { runId?: unknown }).runId;
  return typeof runId === 'string' && runId !== '' ? runId : null;
}

/**
 * Splits a record into runs. A run starts where the sequence starts again (`seq` not above the last one), at a new
 * `listening` event once the run already had one, or where the run id changes.
 */
export function splitRuns(lines: readonly RecordedLine[]): RecordedRun[] {
  const runs: RecordedRun[] = [];
  let current: RecordedRun | null = null;
  let lastSeq = 0;
  for (const line of lines) {
    const { event } = line;
    const runId = runIdOf(line);
    const startsAgain = event.seq <= lastSeq || (event.type === 'listening' && current?.listening != null) || (runId !== null && current?.runId != null && runId !== current.runId);
    if (current === null || startsAgain) {
      current = { index: runs.length + 1, runId: null, listening: null, lines: [] };
      runs.push(current);
    }
    current.runId ??= runId;
    if (event.type === 'listening') current.listening ??= event;
    current.lines.push(line);
    lastSeq = event.seq;
  }
  return runs;
}

/** How a run is named in messages: `run 2 of 3 (runId r-7f3a, from line 14)`. */
export function describeRun(run: RecordedRun, total: number): string {
  const id = run.runId ? `runId ${run.runId}, ` : '';
  return `run ${run.index} of ${total} (${id}from line ${run.lines[0]!.line})`;
}

/**
 * The run `--run` names (its runId or its 1-based number), else the last one. `note` tells the user which run was
 * taken when the file holds several and they did not choose.
 */
export function chooseRun(runs: readonly RecordedRun[], choice: string | null, file: string): { run: RecordedRun; note: string | null } {
  const last = runs[runs.length - 1]!;
  if (choice === null) {
    const note = runs.length > 1 ? `${file} holds ${runs.length} runs; using the last, ${describeRun(last, runs.length)}; --run N or --run RUNID picks another` : null;
    return { run: last, note };
  }
  const byId = runs.find((run) => run.runId === choice);
  if (byId) return { run: byId, note: null };
  const number = /^\d+$/.test(choice) ? Number(choice) : Number.NaN;
  const byIndex = runs[number - 1];
  if (byIndex) return { run: byIndex, note: null };
  const ids = runs.map((run) => run.runId).filter((id): id is string => id !== null);
  const known = ids.length > 0 ? `1 to ${runs.length}, or a runId: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}` : `1 to ${runs.length}`;
  throw new UsageError(`--run ${choice}: ${file} has no such run`, `it holds ${runs.length} run${runs.length === 1 ? '' : 's'}: ${known}`);
}
