import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * An error the user can fix. It carries its exit code and prints as one line;
 * anything that is not a CbtestError is a bug and prints with its stack.
 */
export class CbtestError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue, hint?: string) {
    super(message);
    this.name = 'CbtestError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

export class UsageError extends CbtestError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
    this.name = 'UsageError';
  }
}

export class TransportError extends CbtestError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.transport, hint);
    this.name = 'TransportError';
  }
}

export class TimeoutError extends CbtestError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.timeout, hint);
    this.name = 'TimeoutError';
  }
}

export function isCbtestError(error: unknown): error is CbtestError {
  return error instanceof CbtestError;
}

/** One line for an expected error: the message, then the next step when there is one. */
export function describeError(error: CbtestError): string {
  return error.hint ? `${error.message}; ${error.hint}` : error.message;
}
