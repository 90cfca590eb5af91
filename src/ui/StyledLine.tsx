import { Text } from 'ink';
import type { Line } from './styled-text.js';
import { useTheme } from './theme.js';

export interface StyledLineProps {
  line: Line;
  wrap?: boolean;
  inverse?: boolean;
}

/** One screen line of pre-escaped spans; cut at the pane's edge with a … unless wrapping was asked for. */
export function StyledLine({ line, wrap = false, inverse = false }: StyledLineProps) {
  const theme = useTheme();
  // An empty Text takes no row, so a blank line is one space.
  const parts: Line = line.every((part) => part.text === '') ? [{ text: ' ' }] : line;
  return (
    <Text wrap={wrap ? 'wrap' : 'truncate-end'} inverse={inverse}>
      {parts.map((part, index) => (
        <Text
          key={index}
          color={theme.colorOf(part.tone)}
          dimColor={!theme.color && part.tone === 'muted'}
          bold={part.bold ?? false}
          inverse={part.mark ?? false}
        >
          {part.text}
        </Text>
      ))}
    </Text>
  );
}
