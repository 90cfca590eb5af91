import type { CallbackEvent } from '../core/events.js';

export interface ForwardGate {
  /** The run waits for something (--count, --until, --expect, or a fire). */
  gated: boolean;
  /** An --expect names `forward`: the user judges the app's answer themselves. */
  expectNamesForward: boolean;
}

/**
 * In a gate, a forwarded callback that the app answered 5xx or could not take fails the run (exit 4) naming the
 * app's answer; null when it does not.
 */
export function forwardFailure(event: Pick<CallbackEvent, 'forward'> & { seq?: number }, gate: ForwardGate): { message: string; hint: string } | null {
  const forward = event.forward;
  if (!forward || !gate.gated || gate.expectNamesForward) return null;
  const which = event.seq === undefined ? 'a callback' : `callback #${event.seq}`;
  const hint = "fix the app, or judge its answer yourself with an --expect on forward (e.g. --expect '$.forward.status == 503')";
  if (forward.error !== undefined) return { message: `${which} could not be forwarded: ${forward.error}`, hint };
  if (forward.status !== undefined && forward.status >= 500) {
    const preview = forward.bodyPreview ? `: ${forward.bodyPreview}` : '';
    return { message: `your app at ${forward.url} answered ${forward.status} to ${which}${preview}`, hint };
  }
  return null;
}
