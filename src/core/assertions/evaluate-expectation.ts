import { JSONPath } from 'jsonpath-plus';
import { queryJsonPath } from './json-path-query.js';
import { deepEqual, describeValue, jsonTypeOf } from './json-values.js';
import { suggestNearestKey } from './nearest-key.js';
import type { ComparisonPredicate, Expectation } from './predicates.js';

export interface ExpectationVerdict {
  pass: boolean;
  /** The value at the query: one match as is, several as an array, none as undefined. */
  actual: unknown;
  found: boolean;
  /** One line, e.g. `$.body.status == "completed": got "failed"` or `...: no value at path`. */
  message: string;
}

interface Judgement {
  pass: boolean;
  detail: string;
}

/** Judges one expectation against a subject, usually a callback event (`$.body`, `$.headers[...]`, `$.query`). */
export function evaluateExpectation(expectation: Expectation, subject: unknown): ExpectationVerdict {
  let matches: unknown[];
  try {
    matches = queryJsonPath(expectation.query, subject);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return verdict(expectation, false, undefined, false, `query failed: ${detail}`);
  }
  const found = matches.length > 0;
  const actual = matches.length === 1 ? matches[0] : found ? matches : undefined;
  const { pass, detail } = judge(expectation, found, actual);
  // A misspelt key is the usual reason a query finds nothing: name the member that is there.
  const suggestion = !found && !pass ? suggestNearestKey(expectation.query, subject) : null;
  return verdict(expectation, pass, actual, found, suggestion ? `${detail} (${suggestion})` : detail);
}

function verdict(expectation: Expectation, pass: boolean, actual: unknown, found: boolean, detail: string) {
  return { pass, actual, found, message: `${expectation.text}: ${detail}` };
}

function withArticle(type: string): string {
  return type === 'null' || type === 'undefined' ? type : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

const NO_VALUE = 'no value at path';

function got(actual: unknown, withType = false): string {
  return withType ? `got ${describeValue(actual)} (${jsonTypeOf(actual)})` : `got ${describeValue(actual)}`;
}

function judge(expectation: Expectation, found: boolean, actual: unknown): Judgement {
  const predicate = expectation.predicate;
  if (predicate === 'exists') return { pass: found, detail: found ? got(actual) : NO_VALUE };
  if (predicate === 'not exists') return { pass: !found, detail: found ? got(actual) : NO_VALUE };
  if (!found) return { pass: false, detail: NO_VALUE };
  switch (predicate) {
    case 'isString':
    case 'isNumber':
    case 'isBoolean':
    case 'isArray':
    case 'isObject':
    case 'isNull':
      return { pass: jsonTypeOf(actual) === predicate.slice(2).toLowerCase(), detail: got(actual, true) };
    case 'matches': {
      if (!('pattern' in expectation)) return { pass: false, detail: got(actual) };
      if (typeof actual !== 'string') return { pass: false, detail: `${got(actual, true)}; matches needs a string` };
      expectation.pattern.lastIndex = 0;
      return { pass: expectation.pattern.test(actual), detail: got(actual) };
    }
    default:
      if (!('expected' in expectation)) return { pass: false, detail: got(actual) };
      return compare(predicate, actual, expectation.expected);
  }
}

function compare(predicate: ComparisonPredicate, actual: unknown, expected: unknown): Judgement {
  const actualType = jsonTypeOf(actual);
  const expectedType = jsonTypeOf(expected);
  const mismatch = (needs: string): Judgement => {
    const theirs = `${describeValue(expected)} is ${withArticle(expectedType)}`;
    return { pass: false, detail: `${got(actual, true)}; ${predicate} needs ${needs}, and ${theirs}` };
  };
  switch (predicate) {
    case '==':
    case '!=': {
      const equal = deepEqual(actual, expected);
      const pass = predicate === '==' ? equal : !equal;
      // "1" and 1 print alike in many places; say which is which when only the type differs.
      const sameText = !pass && actualType !== expectedType && String(actual) === String(expected);
      return { pass, detail: got(actual, sameText) };
    }
    case '>':
    case '>=':
    case '<':
    case '<=': {
      if (actualType !== expectedType || (actualType !== 'number' && actualType !== 'string')) {
        return mismatch('two numbers or two strings');
      }
      const [a, b] = [actual as number | string, expected as number | string];
      const pass = predicate === '>' ? a > b : predicate === '>=' ? a >= b : predicate === '<' ? a < b : a <= b;
      return { pass, detail: got(actual) };
    }
    case 'contains': {
      if (Array.isArray(actual)) return { pass: actual.some((item) => deepEqual(item, expected)), detail: got(actual) };
      if (typeof actual !== 'string') return mismatch('a string or an array to search');
      if (typeof expected !== 'string') return mismatch('a string value to find in a string');
      return { pass: actual.includes(expected), detail: got(actual) };
    }
    case 'startsWith':
    case 'endsWith': {
      if (typeof actual !== 'string' || typeof expected !== 'string') return mismatch('two strings');
      const pass = predicate === 'startsWith' ? actual.startsWith(expected) : actual.endsWith(expected);
      return { pass, detail: got(actual) };
    }
  }
}

/** True when the query names `memberName` as one of its steps, e.g. `$.body.error.code` names `error`. */
export function expectationMentions(expectation: Expectation, memberName: string): boolean {
  try {
    return JSONPath.toPathArray(expectation.query).includes(memberName);
  } catch {
    return false;
  }
}
