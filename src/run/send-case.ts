import type { RedactionPolicy } from '../core/redact.js';
import { sendRequest, type SendRequest } from '../flows/send.js';
import type { CaseOutcome } from './case.js';
import type { EngineDeps } from './engine-deps.js';
import { Run } from './run.js';

export interface SendPlan {
  request: SendRequest;
  recordPath: string | null;
  redaction?: RedactionPolicy;
}

/** `cbtest send` through the engine: a run without a receiver, one case whose only step is the request. */
export async function runSend(plan: SendPlan, deps: EngineDeps): Promise<CaseOutcome> {
  const run = new Run({ receiver: null, recordPath: plan.recordPath, historyLimit: 100, ...(plan.redaction ? { redaction: plan.redaction } : {}) }, deps);
  try {
    await run.attachView();
    const opened = run.openCase({ flow: null });
    try {
      await sendRequest({ ...plan.request, signal: opened.context.signal }, opened.context.append);
    } catch (cause) {
      // Ctrl-C abandons the request: that is an interruption, not the target's failure.
      if (!opened.interruptedBy) opened.failAfterWait(cause);
    }
    run.closeCase(opened);
    const signal = opened.interruptedBy;
    return opened.conclude(signal ? { kind: 'interrupted', signal, waiting: true } : { kind: 'satisfied' }, { failures: 0, firstFailure: null, matched: 0 });
  } finally {
    await run.close();
  }
}
