import { Box } from 'ink';
import type { EventCounts } from '../core/event-store.js';
import { escapeControlChars, truncate } from '../core/terminal-text.js';
import type { RunSummary } from './run-summary.js';
import { StyledLine } from './StyledLine.js';
import { elapsedText } from './status-text.js';
import { span, type Line } from './styled-text.js';

export interface HeaderProps {
  title: string;
  summary: RunSummary;
  counts: Readonly<EventCounts>;
  elapsedMs: number;
  shown: number;
  kept: number;
  dropped: number;
  filter: string;
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

function addressLine({ summary }: HeaderProps): Line {
  const listening = summary.listening;
  const line: Line = [span('receiver ', 'muted'), listening ? span(safe(listening.url), undefined, true) : span('starting…', 'muted')];
  const tunnel = summary.tunnel;
  const publicUrl = tunnel?.url ?? listening?.publicUrl ?? null;
  if (publicUrl) line.push(span('  public ', 'muted'), span(safe(publicUrl), undefined, true));
  if (tunnel) {
    const down = tunnel.state === 'down';
    line.push(span(` (tunnel ${tunnel.state}${down && tunnel.message ? `: ${safe(tunnel.message)}` : ''})`, down ? 'bad' : 'ok'));
  }
  return line;
}

function viewLine({ shown, kept, dropped, filter }: HeaderProps): Line {
  const line: Line = [];
  if (filter) line.push(span(`  filter "${safe(filter)}": ${shown} of ${kept}`, 'warn'));
  if (dropped > 0) line.push(span(`  ${dropped} older events not kept on screen`, 'muted'));
  return line;
}

/** Two status bars: what runs and its counts; where it listens and what the list shows. The right sides never get cut. */
export function Header(props: HeaderProps) {
  const view = viewLine(props);
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
      <Box justifyContent="space-between">
        <Box flexShrink={1}>
          <StyledLine line={addressLine(props)} />
        </Box>
        {view.length > 0 ? (
          <Box flexShrink={0}>
            <StyledLine line={view} />
          </Box>
        ) : null}
      </Box>
    </Box>
  );
}
