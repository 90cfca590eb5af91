import type { DeliveryTimeline } from '../core/events.js';
import { previewText } from '../core/terminal-text.js';
import { summariseDeliveries } from './delivery-tracker.js';

const PROBLEMS_SHOWN = 5;

/** The "deliveries" judgement: a case's every key, judged once at its verdict (same shape as a receiver finding). */
export interface DeliveriesFinding {
  expr: 'deliveries';
  pass: boolean;
  /** `2 deliveries, 1 retried, 1 duplicate` (the result lists every key's timeline). */
  actual: string;
  message: string;
}

/**
 * What a sender's developer must prove: every delivery ends answered 2xx, and none comes again after that.
 * A delivery last refused for its signature is the signature check's business, not this one's (it judges
 * that already, or the user proves a refusal). `userJudges`: an --expect names `delivery`, so the user decides.
 */
export function judgeDeliveries(timelines: readonly DeliveryTimeline[], userJudges: boolean): DeliveriesFinding | null {
  if (timelines.length === 0) return null;
  const problems: string[] = [];
  for (const timeline of timelines) {
    const repeats = timeline.attempts.filter((attempt) => attempt.duplicate).length;
    if (repeats > 0) problems.push(`${previewText(timeline.key, 60)} came again after a 2xx (${repeats} time${repeats === 1 ? '' : 's'})`);
    const last = timeline.attempts.at(-1);
    if (!timeline.delivered && last?.signature !== 'invalid') {
      const statuses = timeline.attempts.map((attempt) => attempt.status ?? 'no answer').join(', ');
      problems.push(`${previewText(timeline.key, 60)} was never answered 2xx (${statuses})`);
    }
  }
  const summary = summariseDeliveries(timelines);
  if (problems.length === 0 || userJudges) return { expr: 'deliveries', pass: true, actual: summary, message: `deliveries: ${summary}${problems.length > 0 ? ' (judged by your --expect)' : ''}` };
  // A flood of keys must not make one line of the result unreadable: the timelines list every key anyway.
  const shown = problems.slice(0, PROBLEMS_SHOWN).join('; ');
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : '';
  return { expr: 'deliveries', pass: false, actual: summary, message: `deliveries: ${shown}${more}` };
}

