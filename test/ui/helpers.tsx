import { render } from 'ink-testing-library';
import { EventStore } from '../../src/core/event-store.js';
import type { CallbackEvent, CbEventOf } from '../../src/core/events.js';
import { Dashboard, type DashboardProps } from '../../src/ui/Dashboard.js';

export function callbackDraft(overrides: Partial<CallbackEvent> = {}): CallbackEvent {
  const bodyText = overrides.bodyText === undefined ? '{"id":"a1","status":"done"}' : overrides.bodyText;
  return {
    type: 'callback',
    method: 'POST',
    path: '/hooks/order',
    query: {},
    headers: { 'content-type': 'application/json', 'user-agent': 'producer/1.0' },
    body: null,
    bodyText,
    bodyBase64: bodyText === null ? '' : Buffer.from(bodyText).toString('base64'),
    size: bodyText === null ? 0 : Buffer.byteLength(bodyText),
    contentType: 'application/json',
    remote: '127.0.0.1',
    response: { status: 200 },
    matched: true,
    ...overrides,
  };
}

// Seconds of margin: a render on a loaded 2-core CI box can take well over the usual few milliseconds.
export async function waitFor(check: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets Ink handle input (and its escape-key flush, which waits for setImmediate) before the next check. */
export function tick(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Harness {
  store: EventStore;
  frame: () => string;
  press: (keys: string) => Promise<void>;
  until: (text: string | RegExp | ((frame: string) => boolean), timeoutMs?: number) => Promise<string>;
  quits: () => number;
  replays: Array<{ seq: number; target: string }>;
  unmount: () => void;
  resize: (columns: number, rows: number) => void;
  stdout: ReturnType<typeof render>['stdout'];
}

export function renderDashboard(overrides: Partial<DashboardProps> = {}, size = { columns: 100, rows: 30 }): Harness {
  const store = overrides.store ?? new EventStore();
  let quitCount = 0;
  const replays: Harness['replays'] = [];
  const replay = async (event: CbEventOf<'callback'>, target: string) => {
    replays.push({ seq: event.seq, target });
    return `${target} answered 204`;
  };
  const instance = render(
    <Dashboard
      store={store}
      title="cbtest listen"
      awaited={{ count: null, description: '' }}
      startedAt={Date.now()}
      onQuit={() => {
        quitCount += 1;
      }}
      replay={replay}
      color={false}
      frameIntervalMs={10}
      {...overrides}
    />,
  );
  const { stdout } = instance;
  Object.defineProperty(stdout, 'columns', { value: size.columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: size.rows, configurable: true });
  stdout.emit('resize');
  const frame = () => instance.lastFrame() ?? '';
  return {
    store,
    frame,
    stdout,
    replays,
    quits: () => quitCount,
    unmount: () => instance.unmount(),
    press: async (keys: string) => {
      instance.stdin.write(keys);
      await tick();
    },
    until: async (text, timeoutMs) => {
      const matches = () => (typeof text === 'string' ? frame().includes(text) : typeof text === 'function' ? text(frame()) : text.test(frame()));
      await waitFor(matches, () => `${String(text)} on screen; last frame:\n${frame()}`, timeoutMs);
      return frame();
    },
    resize: (columns, rows) => {
      Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
      stdout.emit('resize');
    },
  };
}
