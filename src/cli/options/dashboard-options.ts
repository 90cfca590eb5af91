import type { Command } from 'commander';
import type { RawOptions } from '../shared-options.js';

/** The dashboard's own flag: end at the verdict even when a person could press q (it always does without a keyboard). */
export function addDashboardOptions(command: Command): Command {
  return command.option('--exit-on-verdict', 'the dashboard exits with the verdict at once instead of staying for q (automatic when stdin is not a terminal)');
}

export function parseDashboardOptions(raw: RawOptions): { exitOnVerdict: boolean } {
  return { exitOnVerdict: raw.exitOnVerdict === true };
}
