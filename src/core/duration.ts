import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `30s`, `2m`, `1h`, `1.5s` or a bare number of milliseconds. */
export function parseDuration(text: string, flag = 'duration'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) {
    throw new UsageError(
      `${flag} '${text}' is not a duration`,
      'use a number of milliseconds or a value like 500ms, 30s, 2m',
    );
  }
  const amount = Number(match[1]);
  return Math.round(amount * UNIT_MS[match[2] ?? 'ms']!);
}

/** Short human form: 850ms, 2.4s, 3m05s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
