import { render } from 'ink';
import { Dashboard } from './Dashboard.js';
import type { DashboardOptions, MountedDashboard } from './mount-dashboard.js';

/** Renders the dashboard with Ink; loaded by mount-dashboard.ts once React's build is chosen. */
export function renderDashboard(options: DashboardOptions): MountedDashboard {
  const color = options.color ?? !process.env.NO_COLOR;
  const view = (statusLine?: string) => (
    <Dashboard
      store={options.store}
      title={options.title}
      awaited={options.awaited}
      startedAt={options.startedAt}
      replayTarget={options.replayTarget}
      replay={options.replay}
      onQuit={options.onQuit}
      color={color}
      statusLine={statusLine}
    />
  );
  const instance = render(view(), {
    stdout: options.stdout ?? process.stdout,
    stdin: options.stdin ?? process.stdin,
    stderr: options.stderr ?? process.stderr,
    exitOnCtrlC: false,
    // A stray console.log from a library would otherwise tear the frame.
    patchConsole: options.patchConsole ?? true,
    maxFps: 20,
  });
  return {
    say: (line) => instance.rerender(view(line)),
    unmount: () => instance.unmount(),
    waitUntilExit: async () => {
      await instance.waitUntilExit();
    },
  };
}
