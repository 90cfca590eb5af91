import { Box } from 'ink';
import { useRef } from 'react';
import type { CbEvent } from '../core/events.js';
import { headerLine, rowCells, rowLayout, rowLine, type RequestLookup, type RowCells } from './event-row.js';
import { StyledLine } from './StyledLine.js';
import { lineText, span } from './styled-text.js';

export interface EventListProps {
  events: readonly CbEvent[];
  top: number;
  selected: number;
  following: boolean;
  height: number;
  width: number;
  emptyText: string;
  requestOf?: RequestLookup;
}

/** Only the rows in view are laid out, so thousands of kept events cost nothing per frame. */
export function EventList({ events, top, selected, following, height, width, emptyText, requestOf }: EventListProps) {
  const cache = useRef(new WeakMap<CbEvent, RowCells>());
  const layout = rowLayout(width);
  const rows = events.slice(top, top + height);
  const below = events.length - (top + rows.length);
  const title = headerLine(layout);
  if (below > 0 && !following) title.push(span(`  ↓ ${below} newer · f follows`, 'warn', true));
  return (
    <Box flexDirection="column" height={height + 1} overflow="hidden">
      <StyledLine line={title} />
      {rows.length === 0 ? <StyledLine line={[span(emptyText, 'muted')]} /> : null}
      {rows.map((event, index) => {
        let cells = cache.current.get(event);
        if (!cells) {
          cells = rowCells(event, requestOf);
          cache.current.set(event, cells);
        }
        const isSelected = top + index === selected;
        const line = rowLine(cells, layout, isSelected);
        // The selected row is highlighted across the whole width, not just as far as its text goes.
        if (isSelected) line.push(span(' '.repeat(Math.max(0, width - lineText(line).length))));
        return <StyledLine key={event.seq} line={line} inverse={isSelected} />;
      })}
    </Box>
  );
}
