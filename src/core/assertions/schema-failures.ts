import { describeSchemaFailure, type SchemaFailure } from './body-schema.js';

/**
 * Every way a body breaks its schema, in one line: `body/id is required; body/amount must be number (got "12")`.
 * Nothing is summarised away: a sender fixing its payload needs the whole list, not the first and a count.
 */
export function describeSchemaFailures(failures: readonly SchemaFailure[]): string {
  return failures.map(describeSchemaFailure).join('; ');
}
