import type { EventStore } from '../core/event-store.js';
import type { OutputPlan } from './session-plan.js';
import type { AttachedView, ViewFactory, ViewHooks } from './engine-deps.js';
import { jsonReporter, plainReporter } from '../report/live-reporters.js';

export interface SessionIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

export interface DashboardFacts {
  title: string;
  awaited: { count: number | null; description: string };
  /** --forward-to URL; null replays to the receiver's own URL. */
  replayTarget: string | null;
  startedAt: number;
}

/** The view a command's output mode asks for. Plain and JSON never load Ink or React. */
export function viewFor(output: OutputPlan, io: SessionIo, dashboard: DashboardFacts): ViewFactory {
  return async (store, hooks) => {
    const sayToStderr = (line: string): void => {
      io.stderr.write(`${line}\n`);
    };
    if (output.mode === 'json') {
      const detach = jsonReporter(io.stdout)(store);
      return { say: sayToStderr, dismissed: () => Promise.resolve(), detach };
    }
    if (output.mode === 'plain') {
      const detach = plainReporter(io.stdout, { color: output.color })(store);
      return { say: sayToStderr, dismissed: () => Promise.resolve(), detach };
    }
    return mountDashboardView(output, io, dashboard, store, hooks);
  };
}

async function mountDashboardView(output: OutputPlan, io: SessionIo, facts: DashboardFacts, store: EventStore, hooks: ViewHooks): Promise<AttachedView> {
  const { mountDashboard } = await import('../ui/mount-dashboard.js');
  const dashboard = mountDashboard({
    store,
    title: facts.title,
    awaited: facts.awaited,
    startedAt: facts.startedAt,
    replayTarget: facts.replayTarget,
    replay: hooks.replay,
    color: output.color,
    exitOnVerdict: output.exitOnVerdict === true,
    onQuit: hooks.onQuit,
    stdout: io.stdout,
    stdin: io.stdin,
    stderr: io.stderr,
  });
  return { say: (line) => dashboard.say(line), dismissed: () => dashboard.dismissed(), detach: () => dashboard.unmount() };
}
