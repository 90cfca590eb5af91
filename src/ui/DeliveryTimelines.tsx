import { Box } from 'ink';
import type { DeliveryTimeline } from '../core/events.js';
import { formatOffset } from '../core/sender-lines.js';
import { previewText } from '../core/terminal-text.js';
import { StyledLine } from './StyledLine.js';
import { span, type Line } from './styled-text.js';
import { statusTone } from './theme.js';

/** Keys shown at most: the newest; the rest are in the result and the record. */
const SHOWN_KEYS = 3;

/** Rows the timelines take (the dashboard leaves that room above the footer). */
export function deliveryRows(timelines: readonly DeliveryTimeline[]): number {
  return Math.min(timelines.length, SHOWN_KEYS) + (timelines.length > SHOWN_KEYS ? 1 : 0);
}

function timelineLine(timeline: DeliveryTimeline, settled: boolean): Line {
  const count = timeline.attempts.length;
  const line: Line = [span(previewText(timeline.key, 60), 'accent'), span(`: ${count} attempt${count === 1 ? '' : 's'}: `)];
  timeline.attempts.forEach((attempt, index) => {
    if (index > 0) line.push(span(', '));
    line.push(span(`${formatOffset(attempt.sinceFirstMs)} `, 'muted'), span(String(attempt.status ?? 'no answer'), statusTone(attempt.status ?? undefined)));
    if (attempt.duplicate) line.push(span(' (duplicate)', 'bad', true));
  });
  if (!timeline.delivered) line.push(settled ? span(' · never answered 2xx', 'bad') : span(' · not answered 2xx yet', 'warn'));
  return line;
}

/** Each delivery key's timeline, one row per key (`msg_1: 3 attempts: +0s 503, +2.0s 503, +6.1s 200`). */
export function DeliveryTimelines({ timelines, settled }: { timelines: readonly DeliveryTimeline[]; settled: boolean }) {
  if (timelines.length === 0) return null;
  const hidden = timelines.length - SHOWN_KEYS;
  return (
    <Box flexDirection="column">
      {hidden > 0 ? <StyledLine line={[span(`… ${hidden} earlier deliver${hidden === 1 ? 'y' : 'ies'}`, 'muted')]} /> : null}
      {timelines.slice(-SHOWN_KEYS).map((timeline, index) => (
        <StyledLine key={index} line={timelineLine(timeline, settled)} />
      ))}
    </Box>
  );
}
