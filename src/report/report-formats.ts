import { renderJsonReport, renderJunit, renderTap, type RunSummary } from '../core/test-report.js';

/** An end-of-run report format: its name on the command line, its file extension, its renderer. */
export interface ReportFormat {
  name: string;
  extension: string;
  render(summary: RunSummary): string;
}

/** The report formats by name: adding one is adding a line. */
export const REPORT_FORMATS: Readonly<Record<string, ReportFormat>> = {
  junit: { name: 'junit', extension: 'xml', render: renderJunit },
  tap: { name: 'tap', extension: 'tap', render: renderTap },
  json: { name: 'json', extension: 'json', render: renderJsonReport },
};

export interface ReportTarget {
  format: ReportFormat;
  file: string;
  /** The user named no file: cbtest chose `cbtest-report.<ext>` and says so. */
  defaulted: boolean;
}
