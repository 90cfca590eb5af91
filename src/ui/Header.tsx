import { Box } from 'ink';
import type { EventCounts } from '../core/event-store.js';
import { escapeControlChars, truncate } from '../core/terminal-text.js';
import type { RunSummary } from './run-summary.js';
import { StyledLine } from './StyledLine.js';
import { elapsedText } from './status-text.js';
import { lineText, span, wholeRows, type Line } from './styled-text.js';

export interface HeaderProps {
  title: string;
  summary: RunSummary;
  counts: Readonly<EventCounts>;
  elapsedMs: number;
  shown: number;
  kept: number;
  dropped: number;
  filter: string;
  width: number;
}

function safe(text: string): string {
  return truncate(escapeControlChars(text), 200);
}

function titleLine({ title }: HeaderProps): Line {
  return [span(safe(title), 'accent', true)];
}

function countsLine({ elapsedMs, counts }: HeaderProps): Line {
  return [
    span(`  ${elapsedText(elapsedMs)}  `, 'muted'),
    span(String(counts.callbacks), undefined, true),
    span(counts.callbacks === 1 ? ' callback' : ' callbacks', 'muted'),
    span(' · '),
    span(String(counts.matched), counts.matched > 0 ? 'ok' : undefined, true),
    span(' matched', 'muted'),
    span(' · '),
    span(String(counts.probes), undefined, true),
    span(counts.probes === 1 ? ' probe' : ' probes', 'muted'),
  ];
}

function tunnelNote(summary: RunSummary): Line {
  const tunnel = summary.tunnel;
  if (!tunnel) return [];
  const down = tunnel.state === 'down';
  return [span(` (tunnel ${tunnel.state}${down && tunnel.message ? `: ${safe(tunnel.message)}` : ''})`, down ? 'bad' : 'ok')];
}

/** A URL to be copied is never cut: it gets whole rows of its own when the line is too narrow for it. */
function urlRows(label: string, url: string, after: Line, width: number): Line[] {
  const text = escapeControlChars(url);
  const line: Line = [span(label, 'muted'), span(text, undefined, true), ...after];
  if (lineText(line).length <= width) return [line];
  const rows: Line[] = [[span(label.trim(), 'muted'), ...after]];
  for (const row of wholeRows(text, width)) rows.push([span(row, undefined, true)]);
  return rows;
}

/** The receiver's address rows: one line when it fits, else each URL whole on rows of its own. */
export function addressRows(props: Pick<HeaderProps, 'summary' | 'shown' | 'kept' | 'dropped' | 'filter'>, width: number): Line[] {
  const { summary } = props;
  const listening = summary.listening;
  const publicUrl = summary.tunnel?.url ?? listening?.publicUrl ?? null;
  const view = viewLine(props);
  if (!listening) return [[span('receiver ', 'muted'), span('starting…', 'muted'), ...view]];
  const oneLine: Line = [span('receiver ', 'muted'), span(escapeControlChars(listening.url), undefined, true)];
  if (publicUrl) oneLine.push(span('  public ', 'muted'), span(escapeControlChars(publicUrl), undefined, true));
  oneLine.push(...tunnelNote(summary));
  if (lineText(oneLine).length + lineText(view).length <= width) return [[...oneLine, ...(view.length > 0 ? [span(' '.repeat(width - lineText(oneLine).length - lineText(view).length)), ...view] : [])]];
  const rows = urlRows('receiver ', listening.url, [], width);
  if (publicUrl) rows.push(...urlRows('public ', publicUrl, tunnelNote(summary), width));
  if (view.length > 0) rows.push(view);
  return rows;
}

function viewLine({ shown, kept, dropped, filter }: Pick<HeaderProps, 'shown' | 'kept' | 'dropped' | 'filter'>): Line {
  const line: Line = [];
  if (filter) line.push(span(`  filter "${safe(filter)}": ${shown} of ${kept}`, 'warn'));
  if (dropped > 0) line.push(span(`  ${dropped} older events not kept on screen`, 'muted'));
  return line;
}

/** What runs and its counts (the counts never get cut); where it listens, whole, and what the list shows. */
export function Header(props: HeaderProps) {
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Box flexShrink={1}>
          <StyledLine line={titleLine(props)} />
        </Box>
        <Box flexShrink={0}>
          <StyledLine line={countsLine(props)} />
        </Box>
      </Box>
      {addressRows(props, props.width).map((line, index) => (
        <StyledLine key={index} line={line} />
      ))}
    </Box>
  );
}
