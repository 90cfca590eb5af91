import { Chalk } from 'chalk';
import { formatDuration } from '../core/duration.js';
import type { CaseResult, FileResult, SuiteTree } from '../core/suite-tree.js';
import { countStatuses } from '../core/suite-tree.js';
import { escapeControlChars } from '../core/terminal-text.js';

const MARKS: Record<CaseResult['status'], string> = { passed: '✓', failed: '✗', error: '✗', skipped: '-' };

/** Plain mode of `cbtest run`: a line per case (`✓ orders.yaml › an order is processed 1.2s`), then what failed. */
export function caseLines(file: FileResult, result: CaseResult, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const tone = result.status === 'passed' ? chalk.green : result.status === 'skipped' ? chalk.dim : chalk.red;
  const attempts = result.attempts > 1 ? ` (attempt ${result.attempts})` : '';
  const time = result.status === 'skipped' ? ' skipped' : ` ${formatDuration(result.durationMs)}`;
  const lines = [tone(`${MARKS[result.status]} ${escapeControlChars(file.label)} › ${escapeControlChars(result.name)}${time}${attempts}`)];
  if (result.status === 'failed' || result.status === 'error') {
    if (result.reason) lines.push(`    ${escapeControlChars(result.reason)}`);
    for (const failure of result.failures) if (!result.reason?.includes(failure)) lines.push(`    ${escapeControlChars(failure)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function summaryLine(tree: SuiteTree): string {
  const counts = countStatuses(tree);
  const parts = [`${counts.passed} passed`, counts.failed ? `${counts.failed} failed` : '', counts.error ? `${counts.error} errored` : '', counts.skipped ? `${counts.skipped} skipped` : ''].filter(Boolean);
  return `${tree.exitCode === 0 ? 'PASS' : 'FAIL'} ${parts.join(', ')} in ${formatDuration(tree.durationMs)}, exit ${tree.exitCode}\n`;
}
