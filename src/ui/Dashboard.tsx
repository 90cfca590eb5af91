import { Box, useInput, useStdin, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CbEvent, CbEventOf } from '../core/events.js';
import type { EventStore } from '../core/event-store.js';
import { escapeControlChars } from '../core/terminal-text.js';
import { curlPaneLines } from './curl-output.js';
import { DeliveryBoard } from './delivery-board.js';
import { DeliveryTimelines, deliveryRows } from './DeliveryTimelines.js';
import { DetailPane } from './DetailPane.js';
import { detailLines } from './detail-lines.js';
import { EventFilter } from './event-filter.js';
import { EventList } from './EventList.js';
import { lowerBoundSeq, windowTop } from './event-window.js';
import { Footer, footerRows } from './Footer.js';
import { addressRows, Header } from './Header.js';
import { RunSummary } from './run-summary.js';
import { verdictText, type Awaited } from './status-text.js';
import { matchingLines, type Line } from './styled-text.js';
import { createTheme, ThemeContext } from './theme.js';
import { useClock } from './use-clock.js';
import { useEventActions, type CurlShown } from './use-event-actions.js';
import { useStoreVersion } from './use-store-version.js';
import { useTerminalSize } from './use-terminal-size.js';
import { firstMatchFrom, handleKey, initialViewState, selectedIndex, splitKeys, type KeyContext, type Message, type ViewState } from './view-state.js';

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
  /** A line from the run for the person watching (e.g. "tunnel reconnecting"); shown until an action says more. */
  statusLine?: string | undefined;
  /** Called once the verdict is on screen (the run may then end without waiting for q). */
  onVerdictShown?: (() => void) | undefined;
}

// Whole, never cut: it may be a URL the person has to copy (the OAuth login, a paused flow's trigger).
function statusMessage(line: string | undefined): Message | null {
  return line ? { text: escapeControlChars(line), tone: 'accent' } : null;
}

/** The live view: header, a windowed event list, the selected event's details, and the verdict. */
export function Dashboard(props: DashboardProps) {
  const { store, title, awaited, startedAt, onQuit, replay, replayTarget = null, frameIntervalMs = 66, now = Date.now } = props;
  const theme = useMemo(() => createTheme(props.color ?? true), [props.color]);
  const summary = useMemo(() => new RunSummary(), [store]);
  const board = useMemo(() => new DeliveryBoard(), [store]);
  const observe = useCallback((event: CbEvent) => {
    summary.observe(event);
    board.observe(event);
  }, [summary, board]);
  const version = useStoreVersion(store, frameIntervalMs, observe);
  summary.catchUp(store);
  board.catchUp(store);
  const timelines = board.timelines();

  const { columns, rows } = useTerminalSize();
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const [state, setStateNow] = useState<ViewState>(initialViewState);
  // Keys typed faster than a frame must each see the state the previous key left, not the last render's;
  // every change goes through setState below, so this ref is always the newest state.
  const latest = useRef(state);
  const setState = useCallback((next: ViewState | ((previous: ViewState) => ViewState)) => {
    latest.current = typeof next === 'function' ? next(latest.current) : next;
    setStateNow(latest.current);
  }, []);
  const [curl, setCurl] = useState<CurlShown | null>(null);
  const clock = useClock(summary.result === null, now);

  const filter = useRef(new EventFilter());
  const { events, dropped } = store.snapshot();
  const requestOf = useCallback((seq: number) => {
    const found = events[lowerBoundSeq(events, seq)];
    return found?.seq === seq && found.type === 'request' ? found : undefined;
  }, [events]);
  // The history array is updated in place, so `version` is what tells this memo that it changed.
  const visible = useMemo(() => filter.current.apply(events, state.filter), [events, version, state.filter]);
  const selected = selectedIndex(state, visible);
  const selectedEvent = visible[selected];

  // Keep one row free at the bottom: an Ink frame as tall as the terminal is redrawn by clearing the screen.
  const height = Math.max(8, rows - 1);
  const notice = statusMessage(props.statusLine);
  const headerRows = 1 + addressRows({ summary, shown: visible.length, kept: events.length, dropped, filter: state.filter }, columns).length;
  const body = height - headerRows - footerRows(state.message, notice, columns) - deliveryRows(timelines) - 1;
  const paneOpen = state.pane !== 'none' && selectedEvent !== undefined;
  // With the pane open the list keeps up to 40% of the room, less when there are only a few events.
  const listHeight = paneOpen ? Math.max(3, Math.min(visible.length, Math.floor(body * 0.4))) : Math.max(1, body);
  const paneRows = paneOpen ? Math.max(2, body - listHeight) : 0;
  const detailHeight = Math.max(1, paneRows - 1);

  const topSeq = useRef(0);
  const top = windowTop(visible.length, selected, lowerBoundSeq(visible, topSeq.current), listHeight);
  topSeq.current = visible[top]?.seq ?? 0;

  // A large body the history holds as a preview is read back from the record, once per selection.
  const shown = useMemo(() => (paneOpen && selectedEvent ? store.whole(selectedEvent) : null), [paneOpen, selectedEvent]);
  const lines = useMemo<Line[]>(() => {
    if (!shown) return [];
    if (state.pane === 'curl' && curl?.seq === shown.event.seq) return curlPaneLines(curl.command, { ...curl, width: columns });
    return detailLines(shown.event, { arrivals: summary.arrivals, ...(shown.missing === undefined ? {} : { bodyMissing: shown.missing }) });
  }, [shown, state.pane, curl, columns, summary.arrivals]);
  const matches = useMemo(() => matchingLines(lines, state.search), [lines, state.search]);

  const actions = useEventActions({
    target: replayTarget ?? summary.listening?.url ?? null,
    receiver: summary.listening,
    replay,
    onQuit,
    stdout,
    update: setState,
    showCurl: setCurl,
    whole: (event) => store.whole(event),
  });
  useEffect(() => actions.unmounted, []);

  // Ink re-attaches the key handler only after effects run; a key arriving sooner must still see this frame.
  const context = useRef<KeyContext>({ visible, listHeight, detailHeight, detailLines: 0, matches: [] });
  context.current = { visible, listHeight, detailHeight, detailLines: lines.length, matches };
  // A search typed (or kept while moving to another event) lands on its first match once the matches are known.
  useEffect(() => {
    if (state.jumpToMatch) setState((previous) => firstMatchFrom(previous, context.current));
  }, [state.jumpToMatch, matches]);
  const verdictShown = summary.result !== null;
  useEffect(() => {
    if (verdictShown) props.onVerdictShown?.();
  }, [verdictShown]);
  useInput(
    (input, key) => {
      for (const [one, oneKey] of splitKeys(input, key)) {
        const { state: next, effect } = handleKey(latest.current, one, oneKey, context.current);
        setState(next);
        if (effect?.kind === 'quit') actions.quit();
        else if (effect?.kind === 'replay') void actions.replay(effect.event);
        else if (effect?.kind === 'copy-curl') actions.curl(effect.event);
        else if (effect?.kind === 'save-body') actions.saveBody(effect.event);
      }
    },
    // isTTY is undefined (not false) for a file or /dev/null, and Ink treats anything but false as active.
    { isActive: isRawModeSupported === true },
  );

  const counts = store.counts();
  const elapsedMs = summary.result ? summary.result.durationMs : clock - startedAt;
  const emptyText = state.filter ? `no events match "${escapeControlChars(state.filter)}" · esc clears the filter` : 'waiting for events…';
  const paneTitle = state.pane === 'curl' ? `curl #${selectedEvent?.seq}` : `#${selectedEvent?.seq} ${selectedEvent?.type}`;
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={columns} height={height} overflow="hidden">
        <Header title={title} summary={summary} counts={counts} elapsedMs={elapsedMs} shown={visible.length} kept={events.length} dropped={dropped} filter={state.filter} width={columns} />
        <EventList events={visible} top={top} selected={selected} following={state.selectedSeq === null} height={listHeight} width={columns} emptyText={emptyText} requestOf={requestOf} />
        {paneOpen ? <DetailPane title={paneTitle} lines={lines} scroll={state.scroll} height={detailHeight} wrap={state.wrap} width={columns} search={state.pane === 'details' ? state.search : ''} matches={matches.length} /> : null}
        <Box flexGrow={1} />
        <DeliveryTimelines timelines={timelines} settled={summary.result !== null} />
        <Footer verdict={verdictText(summary, awaited, counts, elapsedMs)} message={state.message} notice={notice} prompt={state.prompt} searchPrompt={state.searchPrompt} pane={state.pane} width={columns} />
      </Box>
    </ThemeContext.Provider>
  );
}
