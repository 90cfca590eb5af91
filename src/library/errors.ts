import { CbtestError, TimeoutError } from '../core/errors.js';
import type { CbEventOf } from '../core/events.js';
import { ExitCode } from '../core/exit-codes.js';

/** `waitFor`/`next` ran out of time; `.received` holds every callback the endpoint had by then. */
export class CallbackTimeoutError extends TimeoutError {
  constructor(
    message: string,
    readonly received: ReadonlyArray<CbEventOf<'callback'>>,
  ) {
    super(message);
    this.name = 'CallbackTimeoutError';
  }
}

/** A callback arrived but an expectation failed on it; `.failures` are the failed `assertion` events. */
export class ExpectationError extends CbtestError {
  constructor(
    message: string,
    readonly failures: ReadonlyArray<CbEventOf<'assertion'>>,
    readonly received: ReadonlyArray<CbEventOf<'callback'>>,
  ) {
    super(message, ExitCode.assertionFailed);
    this.name = 'ExpectationError';
  }
}
