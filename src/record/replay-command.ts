import type { ReplayOptions } from '../cli/options/record-options.js';
import { NdjsonRecorder } from '../receiver/recorder.js';
import { jsonReporter, plainReporter } from '../report/live-reporters.js';
import type { OutputPlan } from '../run/session-plan.js';
import type { SessionIo } from '../run/view.js';
import { prepareReplay } from './replay-record.js';

/** `cbtest replay FILE`: read the record, choose the callbacks, send them again, show every answer. Returns the exit code. */
export async function runReplayCommand(path: string, options: ReplayOptions, output: OutputPlan, io: SessionIo): Promise<number> {
  const replay = await prepareReplay(path, options, { env: io.env, say: (line) => io.stderr.write(`${line}\n`) });
  const recorder = output.recordPath ? new NdjsonRecorder(output.recordPath) : null;
  const detachRecorder = recorder ? replay.store.subscribe((event) => recorder.write(event)) : () => undefined;
  const detachView = output.mode === 'json' ? jsonReporter(io.stdout)(replay.store) : plainReporter(io.stdout, { color: output.color })(replay.store);
  try {
    return (await replay.run()).exitCode;
  } finally {
    detachView();
    detachRecorder();
    recorder?.close();
  }
}
