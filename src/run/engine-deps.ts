import type { EventStore } from '../core/event-store.js';
import type { CbEventOf } from '../core/events.js';

/** Time as the engine sees it: injected, so in-process tests move it by hand. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where Ctrl-C and SIGTERM come from (the process, or a test). Returns the unsubscribe function. */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): () => void;
}

export interface AttachedView {
  /** A status line for the person watching: stderr in plain/json mode, the dashboard in TUI mode. */
  say(line: string): void;
  /** Resolves once the person is done looking (TUI: `q`), immediately elsewhere. */
  dismissed(): Promise<void>;
  detach(): void;
}

export interface ViewHooks {
  /** `q` in the dashboard: the run ends as if interrupted. */
  onQuit: () => void;
  replay: (event: CbEventOf<'callback'>, target: string) => Promise<string>;
}

/** Mounts a view over the run's store (plain, json, dashboard, or nothing for a library). */
export type ViewFactory = (store: EventStore, hooks: ViewHooks) => Promise<AttachedView>;

export interface EngineDeps {
  clock: Clock;
  signals: SignalSource;
  view: ViewFactory;
  /** How often a waiting case says how far it got (plain/json only); null: never. */
  progressEveryMs: number | null;
  /** A fresh unguessable token, for planted paths and run ids. */
  newToken(): string;
}

/** A view that shows nothing: the library's, and the engine tests'. */
export const silentView: ViewFactory = async () => ({ say: () => undefined, dismissed: () => Promise.resolve(), detach: () => undefined });
