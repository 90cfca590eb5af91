import { Box } from 'ink';
import { escapeControlChars } from '../core/terminal-text.js';
import { StyledLine } from './StyledLine.js';
import { span, wholeRows, type Line } from './styled-text.js';
import type { Tone } from './theme.js';
import type { Message, Pane } from './view-state.js';

export interface FooterProps {
  verdict: { text: string; tone?: Tone };
  /** The last action's outcome (a saved file's path, a replay's answer). */
  message: Message | null;
  /** The run's own status line (an OAuth login URL, a trigger URL, a tunnel opening). */
  notice: Message | null;
  prompt: string | null;
  searchPrompt: string | null;
  pane: Pane;
  width: number;
}

const LIST_KEYS = '↑↓/jk select · ⏎ details · / filter · c curl · r replay · s save body · f follow · q quit';
const PANE_KEYS = '↑↓ select · / search · n/N next · g/G top/end · PgUp/PgDn · w wrap · s save body · esc close · c curl · r replay · q quit';

/** How many rows the footer takes at this width: the verdict, each message whole, the keys. */
export function footerRows(message: Message | null, notice: Message | null, width: number): number {
  const rowsOf = (item: Message | null) => (item ? wholeRows(item.text, width).length : 0);
  return 2 + rowsOf(message) + (notice && notice.text !== message?.text ? rowsOf(notice) : 0);
}

function promptLine(label: string, text: string, help: string): Line {
  return [span(label, 'accent', true), span(escapeControlChars(text)), span('▏', 'accent'), span(help, 'muted')];
}

/** The live verdict, the last action's outcome and the run's status line (each whole, on its own rows), the keys. */
export function Footer({ verdict, message, notice, prompt, searchPrompt, pane, width }: FooterProps) {
  const messages = [message, notice && notice.text !== message?.text ? notice : null].filter((item): item is Message => item !== null);
  const bottom: Line =
    prompt !== null
      ? promptLine('filter /', prompt, '   enter keeps it · esc clears')
      : searchPrompt !== null
        ? promptLine('search /', searchPrompt, '   enter keeps it · n/N next/previous · esc clears')
        : [span(pane === 'none' ? LIST_KEYS : PANE_KEYS, 'muted')];
  return (
    <Box flexDirection="column">
      <StyledLine line={[span(verdict.text, verdict.tone, true)]} />
      {messages.flatMap((item, index) => wholeRows(item.text, width).map((row, rowIndex) => <StyledLine key={`${index}-${rowIndex}`} line={[span(row, item.tone)]} />))}
      <StyledLine line={bottom} />
    </Box>
  );
}
