import { describe, expect, test } from 'vitest';
import { parseExpectation } from '../../../src/core/assertions/index.js';
import { UsageError } from '../../../src/core/errors.js';

describe('parseExpectation reads QUERY PREDICATE [VALUE]', () => {
  test.each([
    ['$.body.result.status == "completed"', '$.body.result.status', '==', 'completed'],
    ['$.body.amount >= 99.99', '$.body.amount', '>=', 99.99],
    ['$.body.ok != true', '$.body.ok', '!=', true],
    ['$.body.error == null', '$.body.error', '==', null],
    ['$.body.items == [1, {"a": "b c"}]', '$.body.items', '==', [1, { a: 'b c' }]],
    ['$.body.meta == {"x": 1}', '$.body.meta', '==', { x: 1 }],
    ["$.headers['content-type'] startsWith \"application/json\"", "$.headers['content-type']", 'startsWith', 'application/json'],
    ["$.headers['x y'] == \"z\"", "$.headers['x y']", '==', 'z'],
    ['$.body.id==1', '$.body.id', '==', 1],
    ['$.body.count<-2', '$.body.count', '<', -2],
    ['  $.query.code   contains   "ab"  ', '$.query.code', 'contains', 'ab'],
    ['$.body.items[?(@.price > 10)].sku contains "A-1"', '$.body.items[?(@.price > 10)].sku', 'contains', 'A-1'],
    ['$.body.name endsWith "son"', '$.body.name', 'endsWith', 'son'],
    ['$.body.n < 3', '$.body.n', '<', 3],
    ['$.body.n <= 3', '$.body.n', '<=', 3],
    ['$.body.n > 3', '$.body.n', '>', 3],
  ])('%s', (text, query, predicate, expected) => {
    expect(parseExpectation(text)).toEqual({ text: text.trim(), query, predicate, expected });
  });

  test.each([
    ['$.body.error exists', 'exists'],
    ['$.body.error not exists', 'not exists'],
    ['$.body.error   not    exists', 'not exists'],
    ['$.body.s isString', 'isString'],
    ['$.body.s isNumber', 'isNumber'],
    ['$.body.s isBoolean', 'isBoolean'],
    ['$.body.s isArray', 'isArray'],
    ['$.body.s isObject', 'isObject'],
    ['$.body.s isNull', 'isNull'],
  ])('%s takes no value', (text, predicate) => {
    expect(parseExpectation(text)).toEqual({ text: text.trim(), query: text.split(' ')[0], predicate });
  });

  test('matches takes a /regex/flags literal, spaces and slashes included', () => {
    const parsed = parseExpectation('$.body.note matches /^paid in \\/full$/im');
    expect(parsed.predicate).toBe('matches');
    const pattern = 'pattern' in parsed ? parsed.pattern : undefined;
    expect(pattern?.source).toBe('^paid in \\/full$');
    expect(pattern?.flags).toBe('im');
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseExpectation errors name the flag, the expression, the position and what was expected', () => {
  test('unknown predicate', () => {
    expect(errorOf(() => parseExpectation('$.body.status === 1'))).toBe(
      "--expect '$.body.status === 1': unknown predicate '===' at position 14; expected one of ==, !=, >, >=, <, <=, " +
        'contains, startsWith, endsWith, matches, exists, not exists, isString, isNumber, isBoolean, isArray, isObject, isNull',
    );
  });

  test.each([
    ['body.status == 1', "expected a JSONPath starting with '$' at position 0, e.g. $.body.status"],
    ['', 'missing query at position 0'],
    ['$.body.status', 'missing predicate at position 13; expected one of ==,'],
    ['$.body.status equals 1', "unknown predicate 'equals' at position 14"],
    ['$.body.s startswith "a"', "unknown predicate 'startswith' at position 9; did you mean 'startsWith'?"],
    ['$.body.status not 1', "expected 'exists' after 'not' at position 18"],
    ['$.body.status ==', "missing value after '==' at position 16; expected \"completed\", 42, true or null"],
    ['$.body.status == completed', 'value completed is not JSON at position 17: unexpected token \'c\'; write text as a JSON string, e.g. "completed"'],
    ["$.body.status == 'done'", 'is not JSON at position 17', 'e.g. "done"'],
    ['$.body.items == [1, 2', "value [1, 2 is not JSON at position 21: expected ',' or ']' after array element"],
    ['$.body.items == {"a":1,}', 'is not JSON at position 23'],
    ['$.body.s exists "x"', "unexpected '\"x\"' at position 16; 'exists' takes no value"],
    ['$.body.s isNull null', "unexpected 'null' at position 16; 'isNull' takes no value"],
    ["$.headers['x y == 1", 'the quote at position 10 is never closed; expected a closing \''],
    ['$.body.items[0 == 1', "'[' at position 12 is never closed; expected ']'"],
    ['$.body.items] == 1', "unexpected ']' at position 12; it closes no '['"],
    ['$.body.s matches "^a"', 'expected a /regex/flags pattern at position 17, e.g. /^ord_/i'],
    ['$.body.s matches /a/x', "unknown regex flag 'x' at position 20; flags are dgimsuyv"],
    ['$.body.s matches /a/gig', "regex flag 'g' repeated at position 22"],
    ['$.body.s matches /a/uv', "regex flags 'u' and 'v' cannot be combined at position 20"],
    ['$.body.s matches /a(/', 'invalid regular expression at position 18: /a(/: Unterminated group'],
    ['$.body.s matches', "missing value after 'matches' at position 16; expected /^ord_/i"],
  ])('%j', (text, ...fragments) => {
    const message = errorOf(() => parseExpectation(text));
    expect(message.startsWith(`--expect '${text}': `)).toBe(true);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  test('the flag name is the one given', () => {
    expect(errorOf(() => parseExpectation('$.x', '--until'))).toMatch(/^--until '\$\.x': missing predicate/);
  });
});

describe('expressions the shell changed before cbtest saw them', () => {
  const hintOf = (text: string) => {
    try {
      parseExpectation(text, '--expect');
    } catch (error) {
      return (error as { hint?: string }).hint ?? '';
    }
    return 'parsed';
  };

  test('a query that lost its $name, or a value that vanished, says the shell may have expanded it', () => {
    // "$body.status == 1" in double quotes, with $body unset, arrives as ".status == 1".
    expect(hintOf('.status == 1')).toMatch(/the shell replaced each \$name .* single quotes/);
    expect(hintOf('$.body.total > ')).toMatch(/the shell replaced each \$name/);
    expect(hintOf('')).toMatch(/the shell replaced each \$name/);
  });

  test('an ordinary mistake gets no shell hint', () => {
    expect(hintOf('$.body.status === 1')).toBe('');
  });
});
