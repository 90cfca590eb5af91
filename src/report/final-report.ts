import { writeFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import type { CbEventOf } from '../core/events.js';
import { renderJsonReport, renderJunit, renderTap, type RunSummary } from '../core/test-report.js';

export interface ReportTarget {
  format: 'junit' | 'tap' | 'json';
  file: string;
}

const RENDERERS: Record<ReportTarget['format'], (summary: RunSummary) => string> = {
  junit: renderJunit,
  tap: renderTap,
  json: renderJsonReport,
};

export async function writeReport(target: ReportTarget, run: { title: string; awaited: string; assertions: CbEventOf<'assertion'>[]; result: CbEventOf<'result'> }): Promise<void> {
  const text = RENDERERS[target.format](run);
  try {
    await writeFile(target.file, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--report-file ${target.file} cannot be written (${reason})`, 'check the folder exists and is writable');
  }
}
