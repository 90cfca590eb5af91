import { readFileSync } from 'node:fs';
import { EventStore } from '../core/event-store.js';
import { UsageError } from '../core/errors.js';
import { selectCallbacks } from '../core/replay-selection.js';
import type { ReplayOptions } from '../cli/options/record-options.js';
import { replayRecorded, type ReplayOutcome, type ReplaySigner } from '../flows/replay-run.js';
import { openRecord } from './read-record.js';

/** --sign SCHEME --secret S: the secret resolved (env:NAME, @file) and the scheme checked before anything is sent. */
async function prepareSigner(sign: NonNullable<ReplayOptions['sign']>, env: NodeJS.ProcessEnv): Promise<{ secret: string; sign: ReplaySigner }> {
  const { resolveSecretValue } = await import('../core/secret-value.js');
  const { prepareSignature } = await import('../signatures/registry.js');
  const secret = resolveSecretValue(sign.secret, { env, readFile: (file) => readFileSync(file, 'utf8') }, '--secret');
  const prepared = prepareSignature(sign.scheme, secret, { header: sign.header, encoding: sign.encoding, prefix: sign.prefix }, '--sign');
  const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  // A fresh id and timestamp for each replay: the recorded signature is stale, and a receiver dedupes by id.
  return { secret, sign: (replay) => lowerCased(prepared.sign(replay.body ?? Buffer.alloc(0))) };
}

export interface PreparedReplay {
  /** The store the replay's events go to (the signing secret redacted); subscribe views and records before `run`. */
  store: EventStore;
  run(): Promise<ReplayOutcome>;
}

/**
 * Reads the record, chooses the run and the callbacks, resolves where they go and how they are signed: every usage
 * error surfaces here, before anything is sent. `run()` sends them and appends the `result`.
 */
export async function prepareReplay(path: string, options: ReplayOptions, io: { env: NodeJS.ProcessEnv; say: (line: string) => void }): Promise<PreparedReplay> {
  const record = await openRecord(path, options.run);
  if (record.note) io.say(record.note);
  const selection = selectCallbacks(record.run, { seq: options.seq, filter: options.filter });
  for (const line of selection.skipped) io.say(line);
  const target = options.to ?? record.run.listening?.url ?? null;
  if (target === null) throw new UsageError(`${record.file} has no listening event to take the receiver's URL from`, 'say where to send them with --to URL');
  const signing = options.sign ? await prepareSigner(options.sign, io.env) : null;
  // The signing secret never reaches the screen or a record, even where a body happens to contain it.
  const store = new EventStore({ historyLimit: 100_000, redaction: { secrets: signing ? [signing.secret] : [] } });
  return {
    store,
    async run() {
      const startedAt = Date.now();
      const outcome = await replayRecorded(
        { callbacks: selection.callbacks, target, headers: options.headers, concurrency: options.concurrency, timeoutMs: options.timeoutMs, sign: signing?.sign ?? null },
        (draft) => store.append(draft),
        io.say,
      );
      store.append({ type: 'result', pass: outcome.pass, exitCode: outcome.exitCode, callbacks: outcome.answered, durationMs: Date.now() - startedAt, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }) });
      return outcome;
    },
  };
}
