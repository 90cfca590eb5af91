/** Checks a signed unix timestamp against the clock; null when it is within the tolerance, else the reason. */
export function timestampProblem(header: string, text: string, nowMs: number, toleranceMs: number): string | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return `${header} ${JSON.stringify(text)} is not a unix time in seconds`;
  if (trimmed.length >= 13) return `${header} ${trimmed} looks like milliseconds; the scheme signs seconds`;
  const ageMs = nowMs - Number(trimmed) * 1000;
  if (Math.abs(ageMs) <= toleranceMs) return null;
  const tolerance = `(tolerance ${formatTolerance(toleranceMs)})`;
  return ageMs > 0 ? `timestamp is ${formatAge(ageMs)} old ${tolerance}` : `timestamp is ${formatAge(-ageMs)} in the future ${tolerance}`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

/** A coarse age a person reads at a glance: `42s`, `5m01s`, `17m`, `5h`, `12 days`, `3 years`. */
export function formatAge(ms: number): string {
  if (ms < 90 * SECOND) return `${Math.round(ms / SECOND)}s`;
  // Near a minutes-long tolerance the seconds matter: `5m01s old (tolerance 5m)`, not `5m old`.
  if (ms < 10 * MINUTE) {
    const seconds = Math.round(ms / SECOND);
    return seconds % 60 === 0 ? `${seconds / 60}m` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  }
  if (ms < 90 * MINUTE) return `${Math.round(ms / MINUTE)}m`;
  if (ms < 36 * HOUR) return `${Math.round(ms / HOUR)}h`;
  if (ms < 2 * YEAR) return plural(Math.round(ms / DAY), 'day');
  return plural(Math.floor(ms / YEAR), 'year');
}

/** The tolerance as the user would have typed it: `5m`, `30s`, `1h`, `1500ms`. */
export function formatTolerance(ms: number): string {
  if (ms > 0 && ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms > 0 && ms % MINUTE === 0) return `${ms / MINUTE}m`;
  if (ms > 0 && ms % SECOND === 0) return `${ms / SECOND}s`;
  return `${ms}ms`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
