/** The results of `cbtest run`, one tree that every report (plain, JUnit, TAP, JSON) is drawn from. */
export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface CaseResult {
  name: string;
  status: CaseStatus;
  exitCode: number | null;
  /** All attempts together, in milliseconds. */
  durationMs: number;
  attempts: number;
  /** Why it did not pass (redacted like every event). */
  reason: string | null;
  /** The failed expectations of the last attempt. */
  failures: string[];
  /** Each delivery key's timeline on this case's URL, in its last attempt (`msg_1: 2 attempts: +0s 503, +1.0s 200`). */
  deliveries?: string[];
}

export interface FileResult {
  /** The suite file as given on the command line. */
  file: string;
  /** The file's base name, the way lines name it (`orders.yaml`). */
  label: string;
  /** The suite's `name` (default: the file name). */
  name: string;
  cases: CaseResult[];
}

export interface SuiteTree {
  runId: string;
  exitCode: number;
  durationMs: number;
  files: FileResult[];
}

/** Exit 0 passes; a failed expectation is 1; everything else that stopped a case is an error. */
export function statusOf(exitCode: number): CaseStatus {
  if (exitCode === 0) return 'passed';
  return exitCode === 1 ? 'failed' : 'error';
}

// The most severe case decides the run: a bug, an interruption, then 4, 3, 2 (a value only known at run time), 1, 0.
const SEVERITY = [70, 143, 130, 4, 3, 2, 1, 0];

export function mostSevere(codes: readonly number[]): number {
  let worst = 0;
  for (const code of codes) {
    const rank = SEVERITY.indexOf(code);
    if (rank === -1 ? true : rank < SEVERITY.indexOf(worst)) worst = code;
  }
  return worst;
}

export function countStatuses(tree: SuiteTree): Record<CaseStatus, number> {
  const counts: Record<CaseStatus, number> = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const file of tree.files) for (const item of file.cases) counts[item.status] += 1;
  return counts;
}
