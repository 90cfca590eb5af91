import { Box, useInput, useStdin, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { buildCurlCommand } from '../core/curl-command.js';
import type { CbEvent, CbEventOf } from '../core/events.js';
import type { EventStore } from '../core/event-store.js';
import { escapeControlChars, truncate } from '../core/terminal-text.js';
import { textLines } from './body-lines.js';
import { copyToClipboard } from './clipboard.js';
import { DetailPane } from './DetailPane.js';
import { detailLines } from './detail-lines.js';
import { EventFilter } from './event-filter.js';
import { EventList } from './EventList.js';
import { lowerBoundSeq, windowTop } from './event-window.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { RunSummary } from './run-summary.js';
import { verdictText, type Awaited } from './status-text.js';
import { plainLine, type Line } from './styled-text.js';
import { createTheme, ThemeContext } from './theme.js';
import { useClock } from './use-clock.js';
import { useStoreVersion } from './use-store-version.js';
import { useTerminalSize } from './use-terminal-size.js';
import { handleKey, initialViewState, selectedIndex, type Message, type ViewState } from './view-state.js';

export interface DashboardProps {
  store: EventStore;
  title: string;
  awaited: Awaited;
  startedAt: number;
  replayTarget?: string | null | undefined;
  replay?: ((event: CbEventOf<'callback'>, target: string) => Promise<string>) | undefined;
  onQuit: () => void;
  color?: boolean | undefined;
  /** Store updates are coalesced into at most one frame per interval. */
  frameIntervalMs?: number | undefined;
  now?: (() => number) | undefined;
}

const HEADER_ROWS = 2;
const FOOTER_ROWS = 2;

function curlPaneLines(command: string, copied: boolean): Line[] {
  const note = copied ? 'also sent to your clipboard (OSC 52) where the terminal allows it' : 'select it from the screen to copy it';
  return [plainLine(`resends this callback with its exact body; ${note}`, 'muted'), [], ...textLines(command)];
}

/** The live view: header, a windowed event list, the selected event's details, and the verdict. */
export function Dashboard(props: DashboardProps) {
  const { store, title, awaited, startedAt, onQuit, replay, replayTarget = null, frameIntervalMs = 66, now = Date.now } = props;
  const theme = useMemo(() => createTheme(props.color ?? true), [props.color]);
  const summary = useMemo(() => new RunSummary(), [store]);
  const observe = useCallback((event: CbEvent) => summary.observe(event), [summary]);
  const version = useStoreVersion(store, frameIntervalMs, observe);
  summary.catchUp(store);

  const { columns, rows } = useTerminalSize();
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const [state, setState] = useState<ViewState>(initialViewState);
  const [curl, setCurl] = useState<{ seq: number; command: string; copied: boolean } | null>(null);
  const clock = useClock(summary.result === null, now);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  const filter = useRef(new EventFilter());
  const { events, dropped } = store.snapshot();
  // The history array is updated in place, so `version` is what tells this memo that it changed.
  const visible = useMemo(() => filter.current.apply(events, state.filter), [events, version, state.filter]);
  const selected = selectedIndex(state, visible);
  const selectedEvent = visible[selected];

  // Keep one row free at the bottom: an Ink frame as tall as the terminal is redrawn by clearing the screen.
  const height = Math.max(8, rows - 1);
  const body = height - HEADER_ROWS - FOOTER_ROWS - 1;
  const paneOpen = state.pane !== 'none' && selectedEvent !== undefined;
  const paneRows = paneOpen ? Math.max(3, Math.floor(body * 0.6)) : 0;
  const listHeight = Math.max(1, body - paneRows);
  const detailHeight = Math.max(1, paneRows - 1);

  const topSeq = useRef(0);
  const top = windowTop(visible.length, selected, lowerBoundSeq(visible, topSeq.current), listHeight);
  topSeq.current = visible[top]?.seq ?? 0;

  const lines = useMemo<Line[]>(() => {
    if (!paneOpen || !selectedEvent) return [];
    if (state.pane === 'curl' && curl?.seq === selectedEvent.seq) return curlPaneLines(curl.command, curl.copied);
    return detailLines(selectedEvent);
  }, [paneOpen, selectedEvent, state.pane, curl]);

  const say = useCallback((message: Message) => {
    if (mounted.current) setState((previous) => ({ ...previous, message }));
  }, []);

  const target = replayTarget ?? summary.listening?.url ?? null;
  const runReplay = async (event: CbEventOf<'callback'>) => {
    if (!replay || !target) {
      say({ text: 'replay is not available in this run', tone: 'warn' });
      return;
    }
    const where = truncate(escapeControlChars(target), 120);
    say({ text: `replaying #${event.seq} to ${where}…`, tone: 'muted' });
    try {
      const outcome = await replay(event, target);
      say({ text: `replayed #${event.seq}: ${truncate(escapeControlChars(outcome), 300)}`, tone: 'ok' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      say({ text: `replay of #${event.seq} failed: ${truncate(escapeControlChars(reason), 300)}`, tone: 'bad' });
    }
  };

  const showCurl = (event: CbEventOf<'callback'>) => {
    if (!target) {
      say({ text: 'no receiver URL yet for the curl command', tone: 'warn' });
      return;
    }
    const caCertPath = target === summary.listening?.url ? summary.listening.certPath : null;
    const command = buildCurlCommand(event, { target, caCertPath });
    const copied = copyToClipboard(stdout, command);
    setCurl({ seq: event.seq, command, copied });
    say({ text: `curl for #${event.seq} below${copied ? ' and copied' : ''}`, tone: 'ok' });
  };

  useInput(
    (input, key) => {
      const context = { visible, listHeight, detailHeight, detailLines: lines.length };
      const { state: next, effect } = handleKey(state, input, key, context);
      setState(next);
      if (effect?.kind === 'quit') onQuit();
      else if (effect?.kind === 'replay') void runReplay(effect.event);
      else if (effect?.kind === 'copy-curl') showCurl(effect.event);
    },
    { isActive: isRawModeSupported },
  );

  const counts = store.counts();
  const elapsedMs = summary.result ? summary.result.durationMs : clock - startedAt;
  const emptyText = state.filter ? `no events match "${escapeControlChars(state.filter)}" · esc clears the filter` : 'waiting for events…';
  const paneTitle = state.pane === 'curl' ? `curl #${selectedEvent?.seq}` : `#${selectedEvent?.seq} ${selectedEvent?.type}`;
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={columns} height={height} overflow="hidden">
        <Header title={title} summary={summary} counts={counts} elapsedMs={elapsedMs} shown={visible.length} kept={events.length} dropped={dropped} filter={state.filter} />
        <EventList events={visible} top={top} selected={selected} following={state.selectedSeq === null} height={listHeight} width={columns} emptyText={emptyText} />
        {paneOpen ? <DetailPane title={paneTitle} lines={lines} scroll={state.scroll} height={detailHeight} wrap={state.wrap || state.pane === 'curl'} width={columns} /> : null}
        <Box flexGrow={1} />
        <Footer verdict={verdictText(summary, awaited, counts, elapsedMs)} message={state.message} prompt={state.prompt} pane={state.pane} />
      </Box>
    </ThemeContext.Provider>
  );
}
