/** The predicates of `--expect QUERY PREDICATE [VALUE]`, grouped by what they take as VALUE. */

export const COMPARISON_PREDICATES = [
  '==',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'contains',
  'startsWith',
  'endsWith',
] as const;
export const TYPE_PREDICATES = ['isString', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isNull'] as const;
export const PRESENCE_PREDICATES = ['exists', 'not exists'] as const;

export type ComparisonPredicate = (typeof COMPARISON_PREDICATES)[number];
export type TypePredicate = (typeof TYPE_PREDICATES)[number];
export type PresencePredicate = (typeof PRESENCE_PREDICATES)[number];
/** Predicates that take no VALUE. */
export type UnaryPredicate = TypePredicate | PresencePredicate;
export type Predicate = ComparisonPredicate | 'matches' | UnaryPredicate;

export const ALL_PREDICATES: readonly Predicate[] = [
  ...COMPARISON_PREDICATES,
  'matches',
  ...PRESENCE_PREDICATES,
  ...TYPE_PREDICATES,
];

interface ExpectationBase {
  /** The expression as the user wrote it (trimmed), for messages. */
  text: string;
  /** The JSONPath, e.g. `$.body.result.status`. */
  query: string;
}

export type Expectation =
  | (ExpectationBase & { predicate: ComparisonPredicate; expected: unknown })
  | (ExpectationBase & { predicate: 'matches'; pattern: RegExp })
  | (ExpectationBase & { predicate: UnaryPredicate });

export function isComparisonPredicate(word: string): word is ComparisonPredicate {
  return (COMPARISON_PREDICATES as readonly string[]).includes(word);
}

export function isUnaryPredicate(word: string): word is UnaryPredicate {
  return [...TYPE_PREDICATES, ...PRESENCE_PREDICATES].includes(word as UnaryPredicate);
}
