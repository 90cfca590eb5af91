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
  message: Message | null;
}

export const initialViewState: ViewState = { selectedSeq: null, pane: 'none', scroll: 0, wrap: false, filter: '', prompt: null, message: null };

export type KeyEffect = { kind: 'quit' } | { kind: 'replay'; event: CbEventOf<'callback'> } | { kind: 'copy-curl'; event: CbEventOf<'callback'> };

export interface KeyContext {
  visible: readonly CbEvent[];
  listHeight: number;
  /** Rows of the detail pane's text area, and how many lines it has to show. */
  detailHeight: number;
  detailLines: number;
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
  return { ...state, selectedSeq: visible[clamped]!.seq, scroll: 0, message: null };
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
  const { visible } = context;
  const current = selectedIndex(state, visible);
  const paneOpen = state.pane !== 'none';
  const page = Math.max(1, (paneOpen ? context.detailHeight : context.listHeight) - 1);

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
    if (paneOpen) return { state: { ...state, pane: 'none', scroll: 0 } };
    // Opening pins the row, so the pane does not jump while new events keep arriving.
    return { state: { ...state, pane: 'details', scroll: 0, selectedSeq: visible[current]?.seq ?? null } };
  }
  if (key.escape) {
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
    case 'r':
      return withSelectedCallback(state, context, 'r (replay)', (event) => ({
        state: { ...state, selectedSeq: event.seq },
        effect: { kind: 'replay', event },
      }));
    default:
      return { state };
  }
}
