import { render } from 'ink';
import { Dashboard } from './Dashboard.js';
import type { DashboardOptions, MountedDashboard } from './mount-dashboard.js';

/** Renders the dashboard with Ink; loaded by mount-dashboard.ts once React's build is chosen. */
export function renderDashboard(options: DashboardOptions): MountedDashboard {
  const color = options.color ?? !process.env.NO_COLOR;
  const stdin = options.stdin ?? process.stdin;
  // A person who can press q gets to inspect the verdict; without a keyboard the dashboard would hang.
  const staysForInspection = stdin.isTTY === true && options.exitOnVerdict !== true;
  let dismiss = (): void => undefined;
  const dismissed = new Promise<void>((resolve) => {
    dismiss = resolve;
  });
  // In raw mode Ctrl-C is a key, but `kill -INT` and `kill -TERM` are signals: both end the dashboard like q.
  // The run's own handlers decide the exit code (130/143 while waiting); this only stops the wait for q.
  const onSignal = (): void => dismiss();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const view = (statusLine?: string) => (
    <Dashboard
      store={options.store}
      title={options.title}
      awaited={options.awaited}
      startedAt={options.startedAt}
      replayTarget={options.replayTarget}
      replay={options.replay}
      onQuit={() => {
        dismiss();
        options.onQuit();
      }}
      onVerdictShown={staysForInspection ? undefined : dismiss}
      color={color}
      statusLine={statusLine}
    />
  );
  const instance = render(view(), {
    stdout: options.stdout ?? process.stdout,
    stdin,
    stderr: options.stderr ?? process.stderr,
    exitOnCtrlC: false,
    // A stray console.log from a library would otherwise tear the frame.
    patchConsole: options.patchConsole ?? true,
    maxFps: 20,
  });
  return {
    say: (line) => instance.rerender(view(line)),
    dismissed: () => dismissed,
    unmount: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      instance.unmount();
    },
    waitUntilExit: async () => {
      await instance.waitUntilExit();
    },
  };
}
