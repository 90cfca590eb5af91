import type { RawOptions } from '../shared-options.js';

export function parseDashboardOptions(raw: RawOptions): { exitOnVerdict: boolean } {
  return { exitOnVerdict: raw.exitOnVerdict === true };
}
