/** The names --report takes, light enough for `--help`; report-formats.ts holds one format for each (the compiler checks). */
export const REPORT_FORMAT_NAMES = ['junit', 'tap', 'json'] as const;

export type ReportFormatName = (typeof REPORT_FORMAT_NAMES)[number];
