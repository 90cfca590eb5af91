import { EventEmitter } from 'node:events';
import { describe, expect, test, vi } from 'vitest';

// Ink decides once, when it is first imported, that a CI machine only gets the last frame at unmount (is-in-ci).
// cbtest never mounts the dashboard under CI (output-mode.ts picks plain lines there), so these tests drive Ink as
// it runs on a person's terminal, wherever the suite runs.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});
import { EventStore } from '../../src/core/event-store.js';
import { mountDashboard } from '../../src/ui/mount-dashboard.js';
import { callbackDraft, waitFor } from './helpers.js';

/** A terminal as Ink sees it: a TTY stdin in raw mode and a stdout with a size. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string | null = null;
  setRawMode() {}
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read() {
    const chunk = this.pending;
    this.pending = null;
    return chunk;
  }
  type(text: string) {
    this.pending = text;
    this.emit('readable');
  }
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  output = '';
  write(chunk: string, callback?: () => void) {
    this.output += chunk;
    callback?.();
    return true;
  }
}

function mount(onQuit: () => void, options: { stdinIsTTY?: boolean; exitOnVerdict?: boolean } = {}) {
  const store = new EventStore();
  const stdin = new FakeStdin();
  stdin.isTTY = options.stdinIsTTY ?? true;
  const stdout = new FakeStdout();
  const stderr = new FakeStdout();
  const dashboard = mountDashboard({
    store,
    title: 'cbtest listen',
    awaited: { count: 1, description: 'callback' },
    startedAt: Date.now(),
    onQuit,
    exitOnVerdict: options.exitOnVerdict ?? false,
    color: false,
    // vitest's console cannot be patched; the real CLI keeps the default.
    patchConsole: false,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
  });
  return { store, stdin, stdout, dashboard };
}

describe('mountDashboard', () => {
  test('q asks the run to quit; the run unmounts and waitUntilExit resolves with the last frame on screen', async () => {
    let quits = 0;
    const { store, stdin, stdout, dashboard } = mount(() => {
      quits += 1;
    });
    store.append({ type: 'listening', url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null });
    store.append(callbackDraft({ path: '/mounted' }));
    await waitFor(() => stdout.output.includes('/mounted'), () => 'the callback on screen before q is typed');
    stdin.type('q');
    await waitFor(() => quits === 1, () => 'onQuit after q');

    const exited = dashboard.waitUntilExit();
    dashboard.unmount();
    await exited;
    expect(stdout.output).toContain('cbtest listen');
    expect(stdout.output).toContain('/mounted');
  });

  test('Ctrl-C goes to onQuit instead of killing the process', async () => {
    let quits = 0;
    const { stdin, dashboard } = mount(() => {
      quits += 1;
    });
    stdin.type('\u0003');
    await waitFor(() => quits === 1, () => 'onQuit after Ctrl-C');
    dashboard.unmount();
    await dashboard.waitUntilExit();
  });

  test('say() puts a status line from the run in the footer', async () => {
    const { stdout, dashboard } = mount(() => undefined);
    dashboard.say('tunnel reconnecting');
    await waitFor(() => stdout.output.includes('tunnel reconnecting'), () => 'the status line in the footer');
    dashboard.unmount();
    await dashboard.waitUntilExit();
    expect(stdout.output).toContain('tunnel reconnecting');
  });

  const result = { type: 'result', pass: true, exitCode: 0, callbacks: 1, durationMs: 20 } as const;

  test('without a keyboard (stdin not a terminal) it is dismissed as soon as the verdict is on screen', async () => {
    const { store, stdout, dashboard } = mount(() => undefined, { stdinIsTTY: false });
    let dismissed = false;
    void dashboard.dismissed().then(() => (dismissed = true));
    store.append(callbackDraft({ path: '/no-keyboard' }));
    await waitFor(() => stdout.output.includes('/no-keyboard'), () => 'the callback on screen');
    expect(dismissed).toBe(false);
    store.append(result);
    await waitFor(() => dismissed, () => 'dismissed after the verdict');
    // The run unmounts next; the last frame it leaves on screen carries the verdict.
    dashboard.unmount();
    await dashboard.waitUntilExit();
    expect(stdout.output).toContain('✓ passed');
  });

  test('with --exit-on-verdict it is dismissed at the verdict even on a terminal; without it, it stays for q', async () => {
    const stays = mount(() => undefined);
    let dismissed = false;
    void stays.dashboard.dismissed().then(() => (dismissed = true));
    stays.store.append(result);
    await waitFor(() => stays.stdout.output.includes('q to quit'), () => 'the verdict on screen');
    await new Promise((resolve) => setImmediate(resolve));
    expect(dismissed).toBe(false);
    stays.stdin.type('q');
    await waitFor(() => dismissed, () => 'dismissed after q');
    stays.dashboard.unmount();

    const leaves = mount(() => undefined, { exitOnVerdict: true });
    let left = false;
    void leaves.dashboard.dismissed().then(() => (left = true));
    leaves.store.append(result);
    await waitFor(() => left, () => 'dismissed at the verdict');
    leaves.dashboard.unmount();
  });
});
