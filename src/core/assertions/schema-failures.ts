import { describeValue } from './json-values.js';

export interface SchemaFailure {
  /** JSON pointer into the body, '' for the body itself. */
  path: string;
  message: string;
  /** The value found there (undefined when it is missing). */
  actual: unknown;
}

/** One line, e.g. `body/amount must be number (got "12")` or `body/id is required`. */
export function describeSchemaFailure(failure: SchemaFailure): string {
  const got = failure.actual === undefined ? '' : ` (got ${describeValue(failure.actual, 80)})`;
  return `body${failure.path} ${failure.message}${got}`;
}

/**
 * Every way a body breaks its schema, in one line: `body/id is required; body/amount must be number (got "12")`.
 * Nothing is summarised away: a sender fixing its payload needs the whole list, not the first and a count.
 */
export function describeSchemaFailures(failures: readonly SchemaFailure[]): string {
  return failures.map(describeSchemaFailure).join('; ');
}
