import { UsageError } from '../errors.js';
import {
  ALL_PREDICATES,
  type Expectation,
  type Predicate,
  isComparisonPredicate,
  isUnaryPredicate,
} from './predicates.js';

/** Marks where a message says `at position N`; a character no one types into an expression. */
const AT = '\u0000';

// In double quotes the shell replaces $name (empty when unset): "$body.status" arrives as ".status".
const SHELL_HINT = "if it was in double quotes, the shell replaced each $name in it (an unset one with nothing): put it in single quotes, e.g. --expect '$.body.status == \"done\"'";

/** The shell left its mark: a query that lost its leading $name, or a value that vanished after the operator. */
function looksShellExpanded(text: string, problem: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || /^[.[]/.test(trimmed) || /\.(\s|$)/.test(trimmed.split(/\s/)[0] ?? '') || /^missing value/.test(problem);
}

/**
 * Parses `QUERY PREDICATE [VALUE]`, e.g. `$.body.status == "completed"`, `$.headers['x y'] exists`,
 * `$.body.id matches /^ord_/i`. Errors name the flag, the expression and the 0-based position.
 */
export function parseExpectation(text: string, flag = '--expect'): Expectation {
  const fail = (position: number, problem: string): never => {
    const hint = looksShellExpanded(text, problem) ? SHELL_HINT.replace('--expect', flag) : undefined;
    throw new UsageError(`${flag} '${text}': ${problem.replace(AT, `at position ${position}`)}`, hint);
  };
  const start = skipSpace(text, 0);
  const queryEnd = scanQuery(text, start, fail);
  const query = text.slice(start, queryEnd);
  const predicateAt = skipSpace(text, queryEnd);
  const { predicate, end } = readPredicate(text, predicateAt, fail);
  const valueAt = skipSpace(text, end);
  const rest = text.slice(valueAt).trimEnd();
  const base = { text: text.trim(), query };

  if (isUnaryPredicate(predicate)) {
    if (rest !== '') fail(valueAt, `unexpected '${rest}' ${AT}; '${predicate}' takes no value`);
    return { ...base, predicate };
  }
  if (rest === '') {
    const example = predicate === 'matches' ? '/^ord_/i' : '"completed", 42, true or null';
    return fail(valueAt, `missing value after '${predicate}' ${AT}; expected ${example}`);
  }
  if (predicate === 'matches') return { ...base, predicate, pattern: parseRegexLiteral(rest, valueAt, fail) };
  if (!isComparisonPredicate(predicate)) return fail(predicateAt, `unknown predicate '${predicate}' ${AT}`);
  return { ...base, predicate, expected: parseJsonValue(rest, valueAt, fail) };
}

type Fail = (position: number, problem: string) => never;

const OPERATOR_CHARS = '=!<>';

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
  return index;
}

/** The query ends at whitespace or an operator outside brackets and quotes (`$.headers['x y']` is one query). */
function scanQuery(text: string, start: number, fail: Fail): number {
  if (text[start] !== '$') {
    const problem = start >= text.length ? 'missing query' : `expected a JSONPath starting with '$'`;
    fail(start, `${problem} ${AT}, e.g. $.body.status`);
  }
  const open: { char: string; at: number }[] = [];
  let quote: { char: string; at: number } | undefined;
  let index = start;
  for (; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote.char) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"') quote = { char, at: index };
    else if (char === '[' || char === '(') open.push({ char, at: index });
    else if (char === ']' || char === ')') {
      const expected = char === ']' ? '[' : '(';
      if (open.pop()?.char !== expected) fail(index, `unexpected '${char}' ${AT}; it closes no '${expected}'`);
    } else if (open.length === 0 && (/\s/.test(char) || OPERATOR_CHARS.includes(char))) break;
  }
  if (quote) fail(quote.at, `the quote ${AT} is never closed; expected a closing ${quote.char}`);
  const unclosed = open.pop();
  if (unclosed) {
    fail(unclosed.at, `'${unclosed.char}' ${AT} is never closed; expected '${unclosed.char === '[' ? ']' : ')'}'`);
  }
  return index;
}

const EXPECTED_PREDICATES = `expected one of ${ALL_PREDICATES.join(', ')}`;

function readPredicate(text: string, at: number, fail: Fail): { predicate: Predicate; end: number } {
  if (at >= text.length) return fail(at, `missing predicate ${AT}; ${EXPECTED_PREDICATES}`);
  const word = OPERATOR_CHARS.includes(text[at] ?? '')
    ? (/^[=!<>]+/.exec(text.slice(at))?.[0] ?? '')
    : (/^\S+/.exec(text.slice(at))?.[0] ?? '');
  const end = at + word.length;
  if (word === 'not') {
    const nextAt = skipSpace(text, end);
    const next = /^\S*/.exec(text.slice(nextAt))?.[0] ?? '';
    if (next !== 'exists') fail(nextAt, `expected 'exists' after 'not' ${AT}`);
    return { predicate: 'not exists', end: nextAt + next.length };
  }
  if ((ALL_PREDICATES as readonly string[]).includes(word)) return { predicate: word as Predicate, end };
  const sameLetters = ALL_PREDICATES.find((name) => name.toLowerCase() === word.toLowerCase());
  const suggestion = sameLetters ? `did you mean '${sameLetters}'? ` : '';
  return fail(at, `unknown predicate '${word}' ${AT}; ${suggestion}${EXPECTED_PREDICATES}`);
}

function parseJsonValue(rest: string, at: number, fail: Fail): unknown {
  try {
    return JSON.parse(rest);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(detail)?.[1];
    const position = offset !== undefined ? at + Number(offset) : /end of JSON/.test(detail) ? at + rest.length : at;
    const reason = detail.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    const hint = /^[A-Za-z']/.test(rest) ? `; write text as a JSON string, e.g. "${rest.replace(/^'|'$/g, '')}"` : '';
    return fail(position, `value ${rest} is not JSON ${AT}: ${lowerFirst(reason)}${hint}`);
  }
}

const REGEX_FLAGS = 'dgimsuyv';

function parseRegexLiteral(rest: string, at: number, fail: Fail): RegExp {
  const literal = /^\/(.*)\/([^/]*)$/s.exec(rest);
  if (!literal) return fail(at, `expected a /regex/flags pattern ${AT}, e.g. /^ord_/i`);
  const source = literal[1] ?? '';
  const flags = literal[2] ?? '';
  const flagsAt = at + rest.length - flags.length;
  [...flags].forEach((flag, index) => {
    if (!REGEX_FLAGS.includes(flag)) {
      fail(flagsAt + index, `unknown regex flag '${flag}' ${AT}; flags are ${REGEX_FLAGS}`);
    }
    if (flags.indexOf(flag) !== index) fail(flagsAt + index, `regex flag '${flag}' repeated ${AT}`);
  });
  if (flags.includes('u') && flags.includes('v')) fail(flagsAt, `regex flags 'u' and 'v' cannot be combined ${AT}`);
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(at + 1, `invalid regular expression ${AT}: ${detail.replace(/^Invalid regular expression: /, '')}`);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
