import { renderSuiteJson, renderSuiteJunit, renderSuiteTap } from '../core/suite-report.js';
import type { SuiteTree } from '../core/suite-tree.js';
import { renderJsonReport, renderJunit, renderTap, type RunSummary } from '../core/test-report.js';
import type { ReportFormatName } from './report-format-names.js';

/** An end-of-run report format: its name on the command line, its file extension, its renderer. */
export interface ReportFormat {
  name: string;
  extension: string;
  render(summary: RunSummary): string;
  /** `cbtest run`: the tree of files and cases. */
  renderSuites(tree: SuiteTree): string;
}

/** The report formats by name: adding one is adding a line. */
export const REPORT_FORMATS: Readonly<Record<string, ReportFormat>> = {
  junit: { name: 'junit', extension: 'xml', render: renderJunit, renderSuites: renderSuiteJunit },
  tap: { name: 'tap', extension: 'tap', render: renderTap, renderSuites: renderSuiteTap },
  json: { name: 'json', extension: 'json', render: renderJsonReport, renderSuites: renderSuiteJson },
} satisfies Record<ReportFormatName, ReportFormat>;

export interface ReportTarget {
  format: ReportFormat;
  file: string;
  /** The user named no file: cbtest chose `cbtest-report.<ext>` and says so. */
  defaulted: boolean;
}
