import type { Key } from 'ink';
import type { CbEvent, CbEventOf } from '../core/events.js';
import { nearestIndex } from './event-window.js';
import type { Tone } from './theme.js';

export type Pane = 'none' | 'details' | 'curl';

export interface Message {
  text: string;
  tone?: Tone;
}

/** Everything the user steers; the events themselves live in the store. */
export interface ViewState {
  /** The selected event, or null while following the newest. */
  selectedSeq: number | null;
  pane: Pane;
  /** First line of the detail pane shown. */
  scroll: number;
  wrap: boolean;
  filter: string;
  /** The filter being typed, or null when the prompt is closed. */
  prompt: string | null;
  /** Text searched for inside the details (`/` with the pane open); '' when none. */
  search: string;
  /** The search being typed, or null when its prompt is closed. */
  searchPrompt: string | null;
  /** Set when the search text changed: the dashboard moves to the first match once it knows the matches. */
  jumpToMatch: boolean;
  message: Message | null;
}

export const initialViewState: ViewState = {
  selectedSeq: null,
  pane: 'none',
  scroll: 0,
  wrap: false,
  filter: '',
  prompt: null,
  search: '',
  searchPrompt: null,
  jumpToMatch: false,
  message: null,
};

export type KeyEffect =
  | { kind: 'quit' }
  | { kind: 'replay'; event: CbEventOf<'callback'> }
  | { kind: 'copy-curl'; event: CbEventOf<'callback'> }
  | { kind: 'save-body'; event: CbEvent };

export interface KeyContext {
  visible: readonly CbEvent[];
  listHeight: number;
  /** Rows of the detail pane's text area, and how many lines it has to show. */
  detailHeight: number;
  detailLines: number;
  /** Indexes of the detail lines that contain the search text, in order. */
  matches: readonly number[];
}

function scrollBy(state: ViewState, context: KeyContext, delta: number): ViewState {
  const last = Math.max(0, context.detailLines - context.detailHeight);
  return { ...state, scroll: Math.max(0, Math.min(last, state.scroll + delta)) };
}

export function selectedIndex(state: ViewState, visible: readonly CbEvent[]): number {
  if (visible.length === 0) return -1;
  return state.selectedSeq === null ? visible.length - 1 : nearestIndex(visible, state.selectedSeq);
}

function moveTo(state: ViewState, visible: readonly CbEvent[], index: number): ViewState {
  if (visible.length === 0) return state;
  const clamped = Math.max(0, Math.min(visible.length - 1, index));
  // A search kept while moving lands on its first match in the next event too.
  return { ...state, selectedSeq: visible[clamped]!.seq, scroll: 0, message: null, jumpToMatch: state.search !== '' };
}

function editPrompt(state: ViewState, input: string, key: Key): ViewState {
  if (key.escape) return { ...state, prompt: null, filter: '', selectedSeq: null };
  if (key.return) return { ...state, prompt: null };
  const prompt = state.prompt ?? '';
  if (key.backspace || key.delete) {
    const next = prompt.slice(0, -1);
    return { ...state, prompt: next, filter: next };
  }
  // Pasted or typed text only; arrows and other keys arrive as empty input.
  const typed = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  if (typed === '' || key.ctrl || key.meta) return state;
  return { ...state, prompt: prompt + typed, filter: prompt + typed };
}

function editSearch(state: ViewState, input: string, key: Key): ViewState {
  if (key.escape) return { ...state, searchPrompt: null, search: '', jumpToMatch: false };
  if (key.return) return { ...state, searchPrompt: null };
  const prompt = state.searchPrompt ?? '';
  if (key.backspace || key.delete) return { ...state, searchPrompt: prompt.slice(0, -1), search: prompt.slice(0, -1), jumpToMatch: true };
  const typed = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  if (typed === '' || key.ctrl || key.meta) return state;
  return { ...state, searchPrompt: prompt + typed, search: prompt + typed, jumpToMatch: true };
}

/** The first line of the pane that shows `line`: matches land a row below the top, so the one above gives context. */
function scrollToLine(state: ViewState, context: KeyContext, line: number): ViewState {
  const last = Math.max(0, context.detailLines - context.detailHeight);
  return { ...state, scroll: Math.max(0, Math.min(last, line - 1)) };
}

/** n / N: the next (or previous) match after the one at the top of the pane, wrapping around. */
function nextMatch(state: ViewState, context: KeyContext, direction: 1 | -1): ViewState {
  const { matches } = context;
  if (state.search === '') return { ...state, message: { text: 'press / to search the details first', tone: 'warn' } };
  if (matches.length === 0) return { ...state, message: { text: `no match for "${state.search}"`, tone: 'warn' } };
  const current = state.scroll + 1;
  const found = direction === 1 ? matches.find((line) => line > current) ?? matches[0]! : [...matches].reverse().find((line) => line < current) ?? matches.at(-1)!;
  return scrollToLine({ ...state, message: null }, context, found);
}

/** Where a new search lands: the first match at or below the top of the pane, else the first one. */
export function firstMatchFrom(state: ViewState, context: KeyContext): ViewState {
  const done = { ...state, jumpToMatch: false };
  const { matches } = context;
  if (matches.length === 0) return done;
  const found = matches.find((line) => line >= state.scroll) ?? matches[0]!;
  return scrollToLine(done, context, found);
}

function withSelectedCallback(
  state: ViewState,
  context: KeyContext,
  action: string,
  then: (event: CbEventOf<'callback'>) => { state: ViewState; effect?: KeyEffect },
): { state: ViewState; effect?: KeyEffect } {
  const event = context.visible[selectedIndex(state, context.visible)];
  if (event?.type !== 'callback') {
    return { state: { ...state, message: { text: `select a callback first: ${action} works on callbacks`, tone: 'warn' } } };
  }
  return then(event);
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false,
  end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false,
  meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Ink hands over a burst of keys (key repeat while busy, tmux send-keys, a paste) as one string;
 * this splits it back into single key presses so none is lost.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  if (input.length <= 1 || input.includes('\u001b') || key.ctrl || key.meta) return [[input, key]];
  return Array.from(input, (char): [string, Key] => {
    if (char === '\r' || char === '\n') return ['', { ...NO_KEY, return: true }];
    if (char === '\u007f' || char === '\b') return ['', { ...NO_KEY, backspace: true }];
    if (char === '\u0003') return ['c', { ...NO_KEY, ctrl: true }];
    if (char === '\t') return ['', { ...NO_KEY, tab: true }];
    return [char, { ...NO_KEY, shift: /[A-Z]/.test(char) }];
  });
}

/** What one key press does: a new view state, and maybe something for the dashboard to carry out. */
export function handleKey(state: ViewState, input: string, key: Key, context: KeyContext): { state: ViewState; effect?: KeyEffect } {
  if (input === 'c' && key.ctrl) return { state, effect: { kind: 'quit' } };
  if (state.prompt !== null) return { state: editPrompt(state, input, key) };
  if (state.searchPrompt !== null) return { state: editSearch(state, input, key) };
  const { visible } = context;
  const current = selectedIndex(state, visible);
  const paneOpen = state.pane !== 'none';
  const page = Math.max(1, (paneOpen ? context.detailHeight : context.listHeight) - 1);

  if (paneOpen) {
    // Inside the details, g/G, / and n/N move through the text rather than through the events.
    if (key.home || input === 'g') return { state: { ...state, scroll: 0 } };
    if (key.end || input === 'G') return { state: scrollBy(state, context, Number.MAX_SAFE_INTEGER) };
    if (input === '/') return { state: { ...state, searchPrompt: state.search, message: null } };
    if (input === 'n') return { state: nextMatch(state, context, 1) };
    if (input === 'N') return { state: nextMatch(state, context, -1) };
  }

  if (key.upArrow || input === 'k') return { state: moveTo(state, visible, current - 1) };
  if (key.downArrow || input === 'j') return { state: moveTo(state, visible, current + 1) };
  if (key.pageUp || key.pageDown) {
    const direction = key.pageUp ? -1 : 1;
    if (paneOpen) return { state: scrollBy(state, context, direction * page) };
    return { state: moveTo(state, visible, current + direction * page) };
  }
  if (key.home || input === 'g') return { state: moveTo(state, visible, 0) };
  if (key.end || input === 'G' || input === 'f') return { state: { ...state, selectedSeq: null, scroll: 0, message: null } };
  if (key.return) {
    if (paneOpen) return { state: { ...state, pane: 'none', scroll: 0, search: '' } };
    // Opening pins the row, so the pane does not jump while new events keep arriving.
    return { state: { ...state, pane: 'details', scroll: 0, selectedSeq: visible[current]?.seq ?? null } };
  }
  if (key.escape) {
    if (paneOpen && state.search !== '') return { state: { ...state, search: '' } };
    if (paneOpen) return { state: { ...state, pane: 'none', scroll: 0 } };
    return { state: { ...state, filter: '', message: null } };
  }
  switch (input) {
    case 'q':
      return { state, effect: { kind: 'quit' } };
    case '/':
      return { state: { ...state, prompt: state.filter, message: null } };
    case 'w':
      return { state: { ...state, wrap: !state.wrap } };
    case 'd':
    case ' ':
      return paneOpen ? { state: scrollBy(state, context, Math.ceil(page / 2)) } : { state };
    case 'u':
      return paneOpen ? { state: scrollBy(state, context, -Math.ceil(page / 2)) } : { state };
    case 'c':
      return withSelectedCallback(state, context, 'c (curl)', (event) => ({
        // The dashboard opens the curl pane once the command is built.
        state: { ...state, selectedSeq: event.seq },
        effect: { kind: 'copy-curl', event },
      }));
    case 's': {
      const event = visible[current];
      if (!event) return { state: { ...state, message: { text: 'nothing selected to save', tone: 'warn' } } };
      return { state: { ...state, selectedSeq: event.seq }, effect: { kind: 'save-body', event } };
    }
    case 'r':
      return withSelectedCallback(state, context, 'r (replay)', (event) => ({
        state: { ...state, selectedSeq: event.seq },
        effect: { kind: 'replay', event },
      }));
    default:
      return { state };
  }
}
