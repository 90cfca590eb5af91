import type { CbEventOf } from '../core/events.js';
import type { EventStore } from '../core/event-store.js';

export interface DashboardOptions {
  store: EventStore;
  /** e.g. "cbtest listen" or "cbtest fire --rpc http://127.0.0.1:5000/rpc". */
  title: string;
  /** What the run waits for; count null when nothing is awaited. */
  awaited: { count: number | null; description: string };
  /** Epoch ms, for the elapsed clock. */
  startedAt: number;
  /** --forward-to URL; null replays to the receiver's own URL. */
  replayTarget?: string | null;
  /** Resends a callback's exact bytes and returns a one-line outcome. */
  replay?: (event: CbEventOf<'callback'>, target: string) => Promise<string>;
  /** q or Ctrl-C: the run decides the exit code, then calls unmount(). */
  onQuit: () => void;
  /** --exit-on-verdict: end at the verdict even when a person could press q. */
  exitOnVerdict?: boolean;
  /** false with NO_COLOR or --no-color; defaults to what NO_COLOR says. */
  color?: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Route stray console output around the frame (default true); tests whose console cannot be patched turn it off. */
  patchConsole?: boolean;
}

export interface MountedDashboard {
  /** Shows a status line from the run in the footer (escaped; the latest one wins). */
  say(line: string): void;
  /**
   * Resolves when the run may end: q or Ctrl-C, SIGINT or SIGTERM from outside, or, once the verdict is on screen,
   * at once when nobody can press q (stdin is not a terminal: `docker run -t`, a CI agent's pseudo-terminal) or
   * with --exit-on-verdict.
   */
  dismissed(): Promise<void>;
  unmount(): void;
  waitUntilExit(): Promise<void>;
}

// React's development build times every render (performance.measure) and costs the receiver most of its
// throughput under a flood of callbacks; it is chosen when react is first loaded, so this must come first.
process.env.NODE_ENV ??= 'production';
const { renderDashboard } = await import('./render-dashboard.js');

/** Mounts the live dashboard. Ink never exits the process by itself: Ctrl-C and q go to `onQuit`. */
export function mountDashboard(options: DashboardOptions): MountedDashboard {
  return renderDashboard(options);
}
