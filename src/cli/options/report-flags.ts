import type { Command } from 'commander';
import { REPORT_FORMAT_NAMES } from '../../report/report-format-names.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** --report and --report-file; the names only, so `--help` does not load the renderers. */
export function addReportOptions(command: Command): Command {
  return command
    .option('--report <format[:file]>', `write an end-of-run report: ${REPORT_FORMAT_NAMES.join('|')}, optionally with its file, e.g. junit:out.xml (repeatable)`, collect)
    .option('--report-file <file>', 'where a --report without its own file goes (default cbtest-report.<ext>)');
}
