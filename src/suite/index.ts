/** Suite files for `cbtest run`: load and check up front, then resolve templates and captures while running. */
import { resolveTemplate } from './resolve-template.js';
import type { Scope, SuiteFile, WaitSpec } from './types.js';

export type { Scope, SourcePos, SuiteCase, SuiteFile, SuiteInputs, SuiteStep, Template, WaitSpec } from './types.js';
export { loadSuiteFile } from './load-suite.js';
export { resolveTemplate, CaptureMissingError } from './resolve-template.js';
export { captureValue, parseCaptureQuery } from './capture.js';
export { parseSecretFlags, parseVarFlags, parseVarsFile } from './var-flags.js';
export { suiteSchema } from './suite-schema.js';
export { receiverAsFlags } from './receiver-flags.js';

/** The scope a case resolves its templates in: the suite's vars and secrets, the captures so far, its own URL. */
export function createScope(suite: SuiteFile, env: Scope['env'], captures: Scope['captures'], callbackUrl: string): Scope {
  return { env, vars: suite.vars, secrets: suite.secrets, captures, callbackUrl };
}

/** `until` and `expect` with captures or callbackUrl in them, resolved now; the spec unchanged when there are none. */
export function resolveWaitSpec(wait: WaitSpec, scope: Scope): WaitSpec {
  if (!wait.deferred) return wait;
  const { deferred, ...rest } = wait;
  const resolved: WaitSpec = { ...rest };
  if (deferred.until !== undefined) resolved.until = String(resolveTemplate(deferred.until, scope));
  if (deferred.expect !== undefined) resolved.expect = deferred.expect.map((item) => String(resolveTemplate(item, scope)));
  return resolved;
}
