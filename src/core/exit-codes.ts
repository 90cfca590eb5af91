/** The contract's exit codes: the only numbers a CI script needs to know. */
export const ExitCode = {
  ok: 0,
  assertionFailed: 1,
  usage: 2,
  timeout: 3,
  transport: 4,
  interrupted: 130,
  /** A bug in cbtest, not a user mistake (sysexits' EX_SOFTWARE). */
  internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for a process ended by a signal, as shells report it (128 + signal number). */
export function exitCodeForSignal(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? 130 : 143;
}
