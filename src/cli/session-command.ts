import type { SessionPlan } from '../run/session-plan.js';
import type { CommandContext } from './command-context.js';
import { systemDeps } from './system-deps.js';

/** Runs a command's session on the real clock, the process's signals and the chosen view; sets the exit code. */
export async function runSessionCommand(plan: SessionPlan, context: CommandContext): Promise<void> {
  const { runSession, sayLastWords } = await import('../run/session.js');
  const { viewFor } = await import('../run/view.js');
  const view = viewFor(plan.output, context.io, {
    title: plan.title,
    awaited: { count: plan.wait.count, description: plan.wait.description },
    replayTarget: plan.receiver.forwardTo,
    startedAt: Date.now(),
  });
  // The dashboard shows its own clock; progress lines are for plain and JSON.
  const deps = { ...systemDeps(view), ...(plan.output.mode === 'tui' ? { progressEveryMs: null } : {}) };
  context.setExitCode(sayLastWords(await runSession(plan, deps), context.io.stderr));
}
