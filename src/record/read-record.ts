import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseRecordText } from '../core/record-file.js';
import { chooseRun, splitRuns, type RecordedRun } from '../core/record-runs.js';

export interface OpenedRecord {
  /** The name errors and notes use (the path as the user gave it). */
  file: string;
  run: RecordedRun;
  runs: number;
  /** Which run was taken, when the file holds several and `--run` did not say. */
  note: string | null;
}

/** Reads a record file and picks the run to work on; a file that is not a record is exit 2 naming the line. */
export async function openRecord(path: string, runChoice: string | null): Promise<OpenedRecord> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : code;
    throw new UsageError(`${path} cannot be read (${why})`, 'give the NDJSON file written by --record or --json');
  }
  // A path in an error stays what the user typed; only an absurdly long one is shortened.
  const file = path.length > 120 ? basename(path) : path;
  const runs = splitRuns(parseRecordText(text, file));
  const { run, note } = chooseRun(runs, runChoice, file);
  return { file, run, runs: runs.length, note };
}
