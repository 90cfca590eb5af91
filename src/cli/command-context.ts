import type { SessionIo } from '../run/view.js';

/** What every command action receives: the process's streams and environment, injectable for tests. */
export interface CommandContext {
  io: SessionIo;
  /** Records the exit code of the command that ran. */
  setExitCode(code: number): void;
}
