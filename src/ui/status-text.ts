import { formatDuration } from '../core/duration.js';
import type { EventCounts } from '../core/event-store.js';
import { escapeControlChars, truncate } from '../core/terminal-text.js';
import { spreadText } from './arrival-spread.js';
import type { RunSummary } from './run-summary.js';
import type { Tone } from './theme.js';

export interface Awaited {
  count: number | null;
  description: string;
}

/** Elapsed time for a clock that ticks once a second: 7s, 1m05s, 1h02m. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The footer's verdict: still waiting (and for how much), passed, or failed and why. */
export function verdictText(summary: RunSummary, awaited: Awaited, counts: Readonly<EventCounts>, elapsedMs: number): { text: string; tone?: Tone } {
  const result = summary.result;
  if (result) {
    const spread = spreadText(summary.arrivals);
    if (result.pass) return { text: `✓ passed · ${plural(result.callbacks, 'callback')} in ${formatDuration(result.durationMs)}${spread ? ` · ${spread}` : ''} · q to quit`, tone: 'ok' };
    const reason = result.reason ? `: ${truncate(escapeControlChars(result.reason), 300)}` : '';
    return { text: `✗ failed${reason} · exit ${result.exitCode} · q to quit`, tone: 'bad' };
  }
  const failed = summary.failedAssertions.length;
  const failures = failed > 0 ? ` · ${plural(failed, 'expectation')} failed` : '';
  const description = escapeControlChars(awaited.description);
  if (awaited.count !== null) {
    return { text: `⧗ waiting ${counts.matched} of ${awaited.count}${description ? ` · ${description}` : ''} · ${elapsedText(elapsedMs)}${failures}`, tone: failed > 0 ? 'bad' : 'warn' };
  }
  // Nothing is awaited, so there is no progress to describe: only how long it has been listening.
  return { text: `● listening · ${elapsedText(elapsedMs)}${failures}`, tone: failed > 0 ? 'bad' : 'accent' };
}
