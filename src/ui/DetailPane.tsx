import { Box } from 'ink';
import { escapeControlChars } from '../core/terminal-text.js';
import { StyledLine } from './StyledLine.js';
import { markMatches, span, type Line } from './styled-text.js';

export interface DetailPaneProps {
  title: string;
  lines: readonly Line[];
  scroll: number;
  /** Rows for the text, not counting the title bar. */
  height: number;
  wrap: boolean;
  width: number;
  /** Text searched for with `/`; its hits are drawn inverted. */
  search?: string;
  matches?: number;
}

function searchText(search: string, matches: number): string {
  if (search === '') return ' · / search';
  const what = `"${escapeControlChars(search)}"`;
  return matches === 0 ? ` · no match for ${what}` : ` · ${matches} line${matches === 1 ? '' : 's'} match ${what}, n/N next/previous`;
}

/** A scrolling window over the selected event's lines; long lines are cut with … unless wrapping is on. */
export function DetailPane({ title, lines, scroll, height, wrap, width, search = '', matches = 0 }: DetailPaneProps) {
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const shown = lines.slice(top, top + height);
  const position = lines.length > height ? ` · lines ${top + 1}-${top + shown.length} of ${lines.length}` : '';
  const help = `${searchText(search, matches)} · g/G top/end · s save · w ${wrap ? 'cut' : 'wrap'} · esc close`;
  const bar = `── ${title}${position}${help} `;
  return (
    <Box flexDirection="column">
      <StyledLine line={[span(bar.padEnd(width, '─'), 'info', true)]} />
      <Box flexDirection="column" height={height} overflow="hidden">
        {shown.map((line, index) => (
          // flexShrink 0 keeps a wrapped line from being squeezed to one row; the key remounts lines when wrapping
          // is toggled, because Ink keeps the height it measured for the same text.
          <Box key={`${wrap ? 'w' : 'c'}${top + index}`} flexShrink={0}>
            <StyledLine line={markMatches(line, search)} wrap={wrap} />
          </Box>
        ))}
      </Box>
    </Box>
  );
}
