import { describe, expect, test } from 'vitest';
import { evaluateExpectation, expectationMentions, parseExpectation } from '../../../src/core/assertions/index.js';

// Shaped like a recorded callback event: what `--expect` queries see.
const event = {
  type: 'callback',
  seq: 4,
  method: 'POST',
  path: '/cb',
  query: { code: 'abc123', state: 'xyz' },
  headers: { 'content-type': 'application/json; charset=utf-8', 'x y': 'spaced' },
  body: {
    jsonrpc: '2.0',
    id: 1,
    result: { status: 'completed', amount: 99.99, paid: true, note: null, tags: ['fast', 'eu'] },
    items: [
      { sku: 'A-1', price: 12, meta: { color: 'red' } },
      { sku: 'B-2', price: 5, meta: { color: 'blue' } },
    ],
    idText: '1',
    when: '2024-05-01T10:00:00Z',
  },
};

function judge(text: string) {
  return evaluateExpectation(parseExpectation(text), event);
}

describe('every predicate passes and fails', () => {
  test.each([
    ['$.body.result.status == "completed"', '$.body.result.status == "failed"'],
    ['$.body.result.status != "failed"', '$.body.result.status != "completed"'],
    ['$.body.result.amount > 99', '$.body.result.amount > 99.99'],
    ['$.body.result.amount >= 99.99', '$.body.result.amount >= 100'],
    ['$.body.result.amount < 100', '$.body.result.amount < 99.99'],
    ['$.body.result.amount <= 99.99', '$.body.result.amount <= 99'],
    ['$.body.when > "2024-01-01"', '$.body.when < "2024-01-01"'],
    ['$.body.result.status contains "plet"', '$.body.result.status contains "fail"'],
    ['$.body.result.tags contains "eu"', '$.body.result.tags contains "us"'],
    ['$.body.items contains {"sku": "B-2", "price": 5, "meta": {"color": "blue"}}', '$.body.items contains {"sku": "B-2"}'],
    ['$.body.result.status startsWith "comp"', '$.body.result.status startsWith "plete"'],
    ['$.body.result.status endsWith "ted"', '$.body.result.status endsWith "comp"'],
    ['$.body.result.status matches /^COMP/i', '$.body.result.status matches /^COMP/'],
    ['$.body.result exists', '$.body.error exists'],
    ['$.body.error not exists', '$.body.result not exists'],
    ['$.body.result.status isString', '$.body.id isString'],
    ['$.body.id isNumber', '$.body.idText isNumber'],
    ['$.body.result.paid isBoolean', '$.body.result.status isBoolean'],
    ['$.body.result.tags isArray', '$.body.result isArray'],
    ['$.body.result isObject', '$.body.result.tags isObject'],
    ['$.body.result.note isNull', '$.body.result.status isNull'],
  ])('%s passes, %s fails', (passing, failing) => {
    expect(judge(passing).pass).toBe(true);
    expect(judge(failing).pass).toBe(false);
  });
});

describe('comparisons are type-sensitive', () => {
  test.each([
    ['$.body.id == 1', true],
    ['$.body.id == "1"', false],
    ['$.body.idText == "1"', true],
    ['$.body.idText == 1', false],
    ['$.body.result.note == null', true],
    ['$.body.result.paid == "true"', false],
    ['$.body.result.tags == ["fast", "eu"]', true],
    ['$.body.result.tags == ["eu", "fast"]', false],
    ['$.body.items[0].meta == {"color": "red"}', true],
    ['$.body.items[0].meta == {"color": "red", "size": 1}', false],
  ])('%s → %s', (text, pass) => {
    expect(judge(text).pass).toBe(pass);
  });

  test('a "1" that should be 1 says which type it got', () => {
    expect(judge('$.body.idText == 1').message).toBe('$.body.idText == 1: got "1" (string)');
  });

  test('ordering between a string and a number fails and names both types', () => {
    const verdict = judge('$.body.idText > 0');
    expect(verdict.pass).toBe(false);
    expect(verdict.message).toBe('$.body.idText > 0: got "1" (string); > needs two numbers or two strings, and 0 is a number');
  });

  test.each([
    ['$.body.result contains "x"', 'got {"status"', 'contains needs a string or an array to search'],
    ['$.body.result.status contains 1', 'contains needs a string value to find in a string, and 1 is a number'],
    ['$.body.id startsWith "1"', 'got 1 (number); startsWith needs two strings'],
    ['$.body.id matches /1/', 'got 1 (number); matches needs a string'],
    ['$.body.result.tags > []', 'and [] is an array'],
  ])('%s explains the type problem', (text, ...fragments) => {
    const verdict = judge(text);
    expect(verdict.pass).toBe(false);
    for (const fragment of fragments) expect(verdict.message).toContain(fragment);
  });
});

describe('what the verdict reports', () => {
  test('a failed comparison shows the actual value', () => {
    expect(judge('$.body.result.status == "failed"')).toEqual({
      pass: false,
      found: true,
      actual: 'completed',
      message: '$.body.result.status == "failed": got "completed"',
    });
  });

  test('a missing path says so, for every predicate but not exists', () => {
    for (const text of ['$.body.nope == 1', '$.body.nope != 1', '$.body.nope isNull', '$.body.nope exists']) {
      expect(judge(text)).toMatchObject({ pass: false, found: false, actual: undefined, message: `${text}: no value at path` });
    }
    expect(judge('$.body.nope not exists')).toMatchObject({ pass: true, found: false });
  });

  test('not exists on a present member shows what is there', () => {
    expect(judge('$.body.result.paid not exists').message).toBe('$.body.result.paid not exists: got true');
  });

  test('several matches become an array of matches', () => {
    const verdict = judge('$.body.items[*].sku contains "B-2"');
    expect(verdict).toMatchObject({ pass: true, actual: ['A-1', 'B-2'] });
    expect(judge('$.body.items[*].price == [12, 5]').pass).toBe(true);
    expect(judge('$.body.items[?(@.price > 10)].sku == "A-1"').pass).toBe(true);
  });

  test('header queries with brackets, spaces and the whole event', () => {
    expect(judge("$.headers['content-type'] startsWith \"application/json\"").pass).toBe(true);
    expect(judge("$.headers['x y'] == \"spaced\"").pass).toBe(true);
    expect(judge('$.query.code == "abc123"').pass).toBe(true);
    expect(judge('$.method == "POST"').pass).toBe(true);
  });

  test('a regex with the global flag judges every event afresh', () => {
    const expectation = parseExpectation('$.body.result.status matches /complete/g');
    expect(evaluateExpectation(expectation, event).pass).toBe(true);
    expect(evaluateExpectation(expectation, event).pass).toBe(true);
  });

  test('nothing to judge is no value at path', () => {
    expect(evaluateExpectation(parseExpectation('$.body exists'), undefined)).toMatchObject({ pass: false, found: false });
  });

  test('control characters in a value are shown escaped', () => {
    const verdict = evaluateExpectation(parseExpectation('$.body.x == "a"'), { body: { x: '\u001b[2J' } });
    expect(verdict.message).toBe('$.body.x == "a": got "\\u001b[2J"');
  });

  test('a long actual value is shortened in the message but kept whole in actual', () => {
    const long = 'x'.repeat(500);
    const verdict = evaluateExpectation(parseExpectation('$.body.x == "a"'), { body: { x: long } });
    expect(verdict.message.length).toBeLessThan(260);
    expect(verdict.actual).toBe(long);
  });
});

describe('expectationMentions', () => {
  test.each([
    ['$.body.error not exists', true],
    ['$.body.error.code == -32000', true],
    ["$.body['error'] exists", true],
    ['$..error exists', true],
    ['$.body.errors exists', false],
    ['$.body.result.status == "error"', false],
  ])('%s names error: %s', (text, mentions) => {
    expect(expectationMentions(parseExpectation(text), 'error')).toBe(mentions);
  });
});
