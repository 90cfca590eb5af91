import { Box } from 'ink';
import { StyledLine } from './StyledLine.js';
import { span, type Line } from './styled-text.js';

export interface DetailPaneProps {
  title: string;
  lines: readonly Line[];
  scroll: number;
  /** Rows for the text, not counting the title bar. */
  height: number;
  wrap: boolean;
  width: number;
}

/** A scrolling window over the selected event's lines; long lines are cut with … unless wrapping is on. */
export function DetailPane({ title, lines, scroll, height, wrap, width }: DetailPaneProps) {
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const shown = lines.slice(top, top + height);
  const position = lines.length > height ? ` · lines ${top + 1}-${top + shown.length} of ${lines.length}` : '';
  const help = ` · PgUp/PgDn scroll · w ${wrap ? 'cut' : 'wrap'} · esc close`;
  const bar = `── ${title}${position}${help} `;
  return (
    <Box flexDirection="column">
      <StyledLine line={[span(bar.padEnd(width, '─'), 'info', true)]} />
      <Box flexDirection="column" height={height} overflow="hidden">
        {shown.map((line, index) => (
          // flexShrink 0 keeps a wrapped line from being squeezed to one row; the key remounts lines when wrapping
          // is toggled, because Ink keeps the height it measured for the same text.
          <Box key={`${wrap ? 'w' : 'c'}${top + index}`} flexShrink={0}>
            <StyledLine line={line} wrap={wrap} />
          </Box>
        ))}
      </Box>
    </Box>
  );
}
