import { Box } from 'ink';
import { escapeControlChars } from '../core/terminal-text.js';
import { StyledLine } from './StyledLine.js';
import { span, type Line } from './styled-text.js';
import type { Tone } from './theme.js';
import type { Message, Pane } from './view-state.js';

export interface FooterProps {
  verdict: { text: string; tone?: Tone };
  message: Message | null;
  prompt: string | null;
  pane: Pane;
}

const LIST_KEYS = '↑↓/jk select · ⏎ details · / filter · c curl · r replay · f follow · q quit';
const PANE_KEYS = '↑↓ select · PgUp/PgDn scroll · w wrap · esc close · c curl · r replay · q quit';

/** The live verdict, the last action's outcome, and either the key help or the filter prompt. */
export function Footer({ verdict, message, prompt, pane }: FooterProps) {
  const status: Line = [span(verdict.text, verdict.tone, true)];
  if (message) status.push(span('  '), span(message.text, message.tone));
  const bottom: Line =
    prompt === null
      ? [span(pane === 'none' ? LIST_KEYS : PANE_KEYS, 'muted')]
      : [span('filter /', 'accent', true), span(escapeControlChars(prompt)), span('▏', 'accent'), span('   enter keeps it · esc clears', 'muted')];
  return (
    <Box flexDirection="column">
      <StyledLine line={status} />
      <StyledLine line={bottom} />
    </Box>
  );
}
