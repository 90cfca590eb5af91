import type { CbEventOf } from './events.js';

/** A judgement the receiver's own checks add to the user's --expect (same shape as a flow's check). */
export interface ReceiverVerdict {
  expr: string;
  pass: boolean;
  actual: unknown;
  message: string;
}

/**
 * What `--verify` and `listen --openapi` found, judged like expectations: a refused signature or a payload that breaks
 * the webhook's schema fails the run. A user whose --expect names `signature` (or `schema`) judges it themselves,
 * e.g. to prove that a sender with the wrong secret is refused.
 */
export function judgeReceiverFindings(callback: CbEventOf<'callback'>, userNames: (member: string) => boolean): ReceiverVerdict[] {
  const verdicts: ReceiverVerdict[] = [];
  if (callback.signature !== undefined && !userNames('signature')) {
    const valid = callback.signature === 'valid';
    verdicts.push({
      expr: 'signature',
      pass: valid,
      actual: callback.signature,
      message: valid ? 'signature: valid' : `signature: ${callback.signatureError ?? 'invalid'} (answered ${callback.response.status})`,
    });
  }
  if (callback.schema !== undefined && !userNames('schema')) {
    const { source, valid, errors } = callback.schema;
    verdicts.push({
      expr: `schema ${source}`,
      pass: valid,
      actual: valid ? null : errors,
      message: valid ? `schema ${source}: body matches` : `schema ${source}: ${errors.join('; ')}`,
    });
  }
  return verdicts;
}
