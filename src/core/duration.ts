import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest delay setTimeout can hold (2^31-1 ms, about 24.8 days); beyond it Node fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/**
 * Parses `500ms`, `30s`, `2m`, `1h`, `1.5s`, `1m30s`. A bare number is refused (is `30` seconds or milliseconds?),
 * except `0`, which means the same in every unit; so is anything a timer cannot hold.
 */
export function parseDuration(text: string, flag = 'duration'): number {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    if (Number(trimmed) === 0) return 0;
    throw new UsageError(`${flag} ${trimmed} needs a unit: ${trimmed}s or ${trimmed}ms`, 'durations are written like 500ms, 30s, 2m, 1h or 1m30s');
  }
  let total = 0;
  let consumed = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    consumed = PART.lastIndex;
  }
  if (trimmed === '' || consumed !== trimmed.length) {
    throw new UsageError(`${flag} '${text}' is not a duration`, 'write it like 500ms, 30s, 2m, 1h or 1m30s');
  }
  const ms = Math.round(total);
  if (ms > MAX_TIMER_MS) {
    throw new UsageError(`${flag} ${trimmed} is longer than a timer can wait (about 24 days)`, 'use at most 596h');
  }
  return ms;
}

/** Short human form: 850ms, 2.4s, 3m05s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
