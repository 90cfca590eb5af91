import { describeError, isCbtestError } from '../core/errors.js';
import type { CbEventOf, EventDraft } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';
import { tryParseJson } from '../core/json-text.js';
import { buildReplayRequest, sendReplay, type ReplayRequest } from './replay.js';

/** Adds headers that sign a replay afresh (a new id and timestamp), since a recorded signature is stale. */
export type ReplaySigner = (request: ReplayRequest) => Record<string, string>;

export interface ReplayPlan {
  callbacks: ReadonlyArray<CbEventOf<'callback'>>;
  /** Base URL the callbacks' paths are appended to. */
  target: string;
  /** -H: replaces recorded headers of the same name. */
  headers: Record<string, string>;
  concurrency: number;
  timeoutMs: number;
  sign: ReplaySigner | null;
}

export interface ReplayOutcome {
  pass: boolean;
  exitCode: number;
  /** How many were sent and answered (any status). */
  answered: number;
  reason?: string;
}

/**
 * Sends the chosen callbacks again, `concurrency` at a time in recorded order, recording a `request` (with
 * `replayOf`) and an `ack` for each. Every answer is shown; a target that cannot be reached stops the rest.
 */
export async function replayRecorded(plan: ReplayPlan, append: (draft: EventDraft) => { seq: number }, say: (line: string) => void): Promise<ReplayOutcome> {
  const abort = new AbortController();
  const refused: Array<{ seq: number; status: number }> = [];
  const warned = new Set<string>();
  let transport: string | null = null;
  let answered = 0;
  let next = 0;

  const replayOne = async (event: CbEventOf<'callback'>): Promise<void> => {
    const replay = buildReplayRequest(event, plan.target, plan.headers);
    if (plan.sign) Object.assign(replay.headers, plan.sign(replay));
    for (const name of replay.redacted.filter((header) => !warned.has(header))) {
      warned.add(name);
      say(`header ${name} is redacted in the record, so the replay leaves it out; give it again with -H '${name}: …'`);
    }
    const sent = append({ type: 'request', label: 'replay', method: replay.method, url: replay.url.href, headers: replay.headers, body: shownBody(event), replayOf: event.seq });
    try {
      const answer = await sendReplay(replay, { timeoutMs: plan.timeoutMs, signal: abort.signal });
      answered += 1;
      append({ type: 'ack', label: 'replay', requestSeq: sent.seq, status: answer.status, headers: answer.headers, body: answer.body, durationMs: answer.durationMs });
      if (answer.status < 200 || answer.status > 299) refused.push({ seq: event.seq, status: answer.status });
    } catch (error) {
      if (!isCbtestError(error)) throw error;
      if (transport === null) transport = `replay of #${event.seq}: ${describeError(error)}`;
      abort.abort();
    }
  };

  const worker = async (): Promise<void> => {
    while (!abort.signal.aborted && next < plan.callbacks.length) {
      const event = plan.callbacks[next]!;
      next += 1;
      await replayOne(event);
    }
  };
  const workers = Math.max(1, Math.min(plan.concurrency, plan.callbacks.length));
  await Promise.all(Array.from({ length: workers }, worker));

  if (transport !== null) {
    const left = plan.callbacks.length - answered;
    return { pass: false, exitCode: ExitCode.transport, answered, reason: left > 1 ? `${transport} (${left - 1} more not sent)` : transport };
  }
  if (refused.length > 0) {
    // Answers arrive in any order when several are in flight; name them in recorded order so the line is stable.
    const inOrder = [...refused].sort((a, b) => a.seq - b.seq).map(({ seq, status }) => `#${seq} → ${status}`);
    const shown = inOrder.slice(0, 10).join(', ') + (inOrder.length > 10 ? ', …' : '');
    return { pass: false, exitCode: ExitCode.transport, answered, reason: `${refused.length} of ${answered} replay${answered === 1 ? '' : 's'} answered non-2xx: ${shown}` };
  }
  return { pass: true, exitCode: ExitCode.ok, answered };
}

// The request event shows what was sent: JSON as a value, any other text as it is, binary as null (its bytes are in the record).
function shownBody(event: CbEventOf<'callback'>): unknown {
  if (event.bodyText === null || event.bodyText === '') return null;
  const parsed = tryParseJson(event.bodyText);
  return parsed.ok ? parsed.value : event.bodyText;
}
