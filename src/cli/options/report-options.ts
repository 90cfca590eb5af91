import { UsageError } from '../../core/errors.js';
import { REPORT_FORMATS, type ReportFormat, type ReportTarget } from '../../report/report-formats.js';
import type { RawOptions } from '../shared-options.js';

const NAMES = Object.keys(REPORT_FORMATS).join('|');

function formatNamed(name: string, given: string): ReportFormat {
  const format = REPORT_FORMATS[name];
  if (!format) throw new UsageError(`--report ${given}: '${name}' is not a report format`, `use one of ${NAMES}, e.g. --report junit:cbtest.xml`);
  return format;
}

/** `--report junit:a.xml --report tap`, and the older `--report junit --report-file a.xml`. */
export function parseReportOptions(raw: RawOptions): ReportTarget[] {
  const given = (raw.report as string[] | string | undefined) ?? [];
  const values = Array.isArray(given) ? given : [given];
  const reportFile = raw.reportFile as string | undefined;
  const bare = values.filter((value) => !value.includes(':'));
  if (reportFile !== undefined && bare.length === 0) throw new UsageError(`--report-file ${reportFile} needs --report`, `pick one of --report ${NAMES}`);
  if (reportFile !== undefined && bare.length > 1) throw new UsageError(`--report-file ${reportFile} fits one --report, got ${bare.join(' and ')}`, 'give each its own file: --report junit:out.xml --report tap:out.tap');
  return values.map((value) => {
    const colon = value.indexOf(':');
    if (colon !== -1) {
      const file = value.slice(colon + 1);
      if (file === '') throw new UsageError(`--report ${value} names no file`, `e.g. --report ${value}cbtest-report.xml`);
      return { format: formatNamed(value.slice(0, colon), value), file, defaulted: false };
    }
    const format = formatNamed(value, value);
    return reportFile === undefined ? { format, file: `cbtest-report.${format.extension}`, defaulted: true } : { format, file: reportFile, defaulted: false };
  });
}
