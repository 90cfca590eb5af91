/** The assertion language of `--expect`, `--until` and `--expect-schema`. */
export { parseExpectation } from './parse-expectation.js';
export { evaluateExpectation, expectationMentions, type ExpectationVerdict } from './evaluate-expectation.js';
export { compileBodySchema, type CompileSchemaOptions, type SchemaDialect } from './body-schema.js';
export { describeSchemaFailure, type SchemaFailure } from './schema-failures.js';
export { queryJsonPath } from './json-path-query.js';
export { deepEqual, describeValue, jsonTypeOf } from './json-values.js';
export {
  ALL_PREDICATES,
  type ComparisonPredicate,
  type Expectation,
  type Predicate,
  type UnaryPredicate,
} from './predicates.js';
