import { ExitCode } from './exit-codes.js';

export type WaitOutcome =
  | { kind: 'satisfied' }
  | { kind: 'nothing-awaited' }
  | { kind: 'timeout'; awaited: string; matched: number; expected: number | null; unmatched: number; timeoutMs: number }
  | { kind: 'interrupted'; signal: 'SIGINT' | 'SIGTERM' | 'quit'; waiting: boolean }
  | { kind: 'failed-fast' };

export interface Verdict {
  pass: boolean;
  exitCode: number;
  reason?: string;
}

export interface VerdictInputs {
  wait: WaitOutcome;
  /** The first failing assertion's message, if any failed. */
  firstFailure: string | null;
  failures: number;
  /** A flow or transport error that ended the run (exit 2/4 carried by the error, 70 for a bug in cbtest). */
  error: { exitCode: number; message: string } | null;

}

/**
 * One place turns what happened into the exit code. Order matters: an error that stopped the run explains more
 * than a timeout it caused; a failed assertion is reported even when the wait later timed out.
 */
export function decideVerdict({ wait, firstFailure, failures, error }: VerdictInputs): Verdict {
  if (error) return { pass: false, exitCode: error.exitCode, reason: error.message };
  if (wait.kind === 'interrupted') {
    if (!wait.waiting) return failures > 0 ? failed(firstFailure, failures) : { pass: true, exitCode: ExitCode.ok };
    const code = wait.signal === 'SIGTERM' ? 143 : ExitCode.interrupted;
    return { pass: false, exitCode: code, reason: 'interrupted while waiting for a verdict' };
  }
  if (failures > 0) return failed(firstFailure, failures);
  if (wait.kind === 'timeout') return { pass: false, exitCode: ExitCode.timeout, reason: describeTimeout(wait) };
  return { pass: true, exitCode: ExitCode.ok };
}

function failed(firstFailure: string | null, failures: number): Verdict {
  const more = failures > 1 ? ` (and ${failures - 1} more)` : '';
  return { pass: false, exitCode: ExitCode.assertionFailed, reason: `assertion failed: ${firstFailure ?? 'unknown'}${more}` };
}

function describeTimeout(wait: Extract<WaitOutcome, { kind: 'timeout' }>): string {
  const seconds = `${Math.round(wait.timeoutMs / 100) / 10}s`;
  const progress = wait.expected === null ? `${wait.matched} arrived` : `${wait.matched} of ${wait.expected} arrived`;
  const others = wait.unmatched > 0 ? `; ${wait.unmatched} other request${wait.unmatched === 1 ? '' : 's'} did not match` : '';
  return `timed out after ${seconds} waiting for ${wait.awaited} (${progress}${others})`;
}
