import type { EventScope } from '../core/events.js';
import type { Flow } from '../flows/flow.js';
import type { CaseOutcome } from './case.js';
import type { Judge } from './judge.js';
import type { Run } from './run.js';
import type { WaitPlan } from './session-plan.js';

/** One case of the classic shape: plant the URL, fire the flow, wait, finish (cancel…), judge. */
export interface FireCasePlan {
  flow: Flow | null;
  wait: WaitPlan;
  judge: Judge;
  scope?: EventScope;
  /** `cbtest listen`: every callback counts, whatever its path. */
  catchAll?: boolean;
  keepReceived?: boolean;
}

/** Runs a fire (or listen) case inside the run, to its one verdict. */
export async function runFireCase(run: Run, plan: FireCasePlan): Promise<CaseOutcome> {
  const opened = run.openCase({ flow: plan.flow, scope: plan.scope ?? {}, catchAll: plan.catchAll ?? false, keepReceived: plan.keepReceived ?? false });
  const armed = opened.waitFor({ wait: plan.wait, judge: plan.judge });
  if (plan.flow) plan.flow.start(opened.context).catch((cause: unknown) => opened.fail(cause));
  const outcome = await armed.outcome;
  opened.stopInFlight();
  if (plan.flow?.finish && !opened.error) {
    await plan.flow.finish(opened.context).catch((cause: unknown) => opened.failAfterWait(cause));
  }
  run.closeCase(opened);
  return opened.conclude(outcome, armed);
}
