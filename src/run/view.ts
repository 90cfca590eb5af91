import type { EventStore } from '../core/event-store.js';
import type { CbEventOf } from '../core/events.js';
import { jsonReporter, plainReporter } from '../report/live-reporters.js';
import type { SessionPlan } from './session-plan.js';

export interface SessionIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

export interface AttachedView {
  /** A status line for the person watching: stderr in plain/json mode, the dashboard in TUI mode. */
  say(line: string): void;
  /** Resolves once the person is done looking (TUI: `q`), immediately elsewhere. */
  dismissed(): Promise<void>;
  detach(): void;
}

export interface ViewHooks {
  onQuit: () => void;
  replay: (event: CbEventOf<'callback'>, target: string) => Promise<string>;
}

/** Mounts the chosen output mode over the store. Plain and JSON never load Ink or React. */
export async function attachView(plan: SessionPlan, store: EventStore, io: SessionIo, hooks: ViewHooks): Promise<AttachedView> {
  const sayToStderr = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  if (plan.output.mode === 'json') {
    const detach = jsonReporter(io.stdout)(store);
    return { say: sayToStderr, dismissed: () => Promise.resolve(), detach };
  }
  if (plan.output.mode === 'plain') {
    const detach = plainReporter(io.stdout, { color: plan.output.color })(store);
    return { say: sayToStderr, dismissed: () => Promise.resolve(), detach };
  }
  const { mountDashboard } = await import('../ui/mount-dashboard.js');
  const dashboard = mountDashboard({
    store,
    title: plan.title,
    awaited: { count: plan.wait.count, description: plan.wait.description },
    startedAt: Date.now(),
    replayTarget: plan.receiver.forwardTo,
    replay: hooks.replay,
    color: plan.output.color,
    onQuit: hooks.onQuit,
    stdout: io.stdout,
    stdin: io.stdin,
    stderr: io.stderr,
  });
  return {
    say: (line) => dashboard.say(line),
    dismissed: () => dashboard.dismissed(),
    detach: () => dashboard.unmount(),
  };
}
