import { EventStore } from '../core/event-store.js';
import { ExitCode, exitCodeForSignal } from '../core/exit-codes.js';
import { KNOWN_EVENT_TYPES } from '../core/record-file.js';
import type { RecordedRun } from '../core/record-runs.js';
import { plainReporter } from '../report/live-reporters.js';
import type { OutputPlan } from '../run/session-plan.js';
import type { SessionIo } from '../run/view.js';
import { openRecord } from './read-record.js';

export interface ViewOptions {
  run: string | null;
  /** Where the dashboard's `r` replays to; null: the record's listening URL. */
  to: string | null;
}

/** `cbtest view FILE`: a recorded run shown as it was, read-only. Returns the exit code (0 once the person is done). */
export async function runViewCommand(path: string, options: ViewOptions, output: OutputPlan, io: SessionIo): Promise<number> {
  const record = await openRecord(path, options.run);
  if (record.note) io.stderr.write(`${record.note}\n`);
  if (output.mode === 'json') {
    // Re-emitted as recorded, byte for byte, newer event types included.
    io.stdout.write(record.run.lines.map((line) => `${line.text}\n`).join(''));
    return ExitCode.ok;
  }
  const shown = record.run.lines.filter((line) => KNOWN_EVENT_TYPES.has(line.event.type));
  const unknown = [...new Set(record.run.lines.filter((line) => !KNOWN_EVENT_TYPES.has(line.event.type)).map((line) => line.event.type))];
  if (unknown.length > 0) io.stderr.write(`${record.run.lines.length - shown.length} events of types this cbtest does not draw (${unknown.join(', ')}) are left out; --json re-emits them\n`);
  const store = new EventStore({ historyLimit: Math.max(5000, shown.length) });
  if (output.mode === 'plain') {
    const detach = plainReporter(io.stdout, { color: output.color })(store);
    for (const line of shown) store.appendRecorded(line.event);
    detach();
    return ExitCode.ok;
  }
  for (const line of shown) store.appendRecorded(line.event);
  return browse(store, record.file, record.run, options, io);
}

async function browse(store: EventStore, file: string, run: RecordedRun, options: ViewOptions, io: SessionIo): Promise<number> {
  const { mountDashboard } = await import('../ui/mount-dashboard.js');
  const { replayCallback } = await import('../flows/replay.js');
  let done: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    done = resolve;
  });
  const firstAt = Date.parse(run.lines[0]!.event.at);
  const dashboard = mountDashboard({
    store,
    title: `cbtest view ${file} · recorded ${run.lines[0]!.event.at.slice(0, 19).replace('T', ' ')}`,
    awaited: { count: null, description: 'recorded events' },
    startedAt: firstAt,
    replayTarget: options.to,
    replay: replayCallback,
    onQuit: () => done(ExitCode.ok),
    stdout: io.stdout,
    stdin: io.stdin,
    stderr: io.stderr,
  });
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => done(exitCodeForSignal(signal));
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    return await finished;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    dashboard.unmount();
  }
}
