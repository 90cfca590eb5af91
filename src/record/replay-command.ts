import { EventStore } from '../core/event-store.js';
import { UsageError } from '../core/errors.js';
import { selectCallbacks } from '../core/replay-selection.js';
import type { ReplayOptions } from '../cli/options/record-options.js';
import { replayRecorded, type ReplaySigner } from '../flows/replay-run.js';
import { NdjsonRecorder } from '../receiver/recorder.js';
import { jsonReporter, plainReporter } from '../report/live-reporters.js';
import type { OutputPlan } from '../run/session-plan.js';
import type { SessionIo } from '../run/view.js';
import { openRecord } from './read-record.js';

/** --sign SCHEME --secret S: the secret resolved (env:NAME, @file) and the scheme checked before anything is sent. */
async function prepareSigner(sign: NonNullable<ReplayOptions['sign']>, io: SessionIo): Promise<{ secret: string; sign: ReplaySigner }> {
  const { resolveSecretValue } = await import('../core/secret-value.js');
  const { prepareSignature } = await import('../signatures/registry.js');
  const { readFileSync } = await import('node:fs');
  const secret = resolveSecretValue(sign.secret, { env: io.env, readFile: (file) => readFileSync(file, 'utf8') }, '--secret');
  const prepared = prepareSignature(sign.scheme, secret, { header: sign.header, encoding: sign.encoding, prefix: sign.prefix }, '--sign');
  const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  // A fresh id and timestamp for each replay: the recorded signature is stale, and a receiver dedupes by id.
  return { secret, sign: (replay) => lowerCased(prepared.sign(replay.body ?? Buffer.alloc(0))) };
}

/** `cbtest replay FILE`: read the record, choose the callbacks, send them again, show every answer. Returns the exit code. */
export async function runReplayCommand(path: string, options: ReplayOptions, output: OutputPlan, io: SessionIo): Promise<number> {
  const startedAt = Date.now();
  const record = await openRecord(path, options.run);
  const say = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  if (record.note) say(record.note);
  const selection = selectCallbacks(record.run, { seq: options.seq, filter: options.filter });
  for (const line of selection.skipped) say(line);
  const target = options.to ?? record.run.listening?.url ?? null;
  if (target === null) throw new UsageError(`${record.file} has no listening event to take the receiver's URL from`, 'say where to send them with --to URL');

  const signing = options.sign ? await prepareSigner(options.sign, io) : null;
  // The signing secret never reaches the screen or a record, even where a body happens to contain it.
  const store = new EventStore({ historyLimit: 100, redaction: { secrets: signing ? [signing.secret] : [] } });
  const recorder = output.recordPath ? new NdjsonRecorder(output.recordPath) : null;
  const detachRecorder = recorder ? store.subscribe((event) => recorder.write(event)) : () => undefined;
  const detachView = output.mode === 'json' ? jsonReporter(io.stdout)(store) : plainReporter(io.stdout, { color: output.color })(store);
  try {
    const outcome = await replayRecorded(
      { callbacks: selection.callbacks, target, headers: options.headers, concurrency: options.concurrency, timeoutMs: options.timeoutMs, sign: signing?.sign ?? null },
      (draft) => store.append(draft),
      say,
    );
    store.append({
      type: 'result',
      pass: outcome.pass,
      exitCode: outcome.exitCode,
      callbacks: outcome.answered,
      durationMs: Date.now() - startedAt,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    });
    return outcome.exitCode;
  } finally {
    detachView();
    detachRecorder();
    recorder?.close();
  }
}
