import { describe, expect, test } from 'vitest';
import { evaluateExpectation, parseExpectation } from '../../../src/core/assertions/index.js';

const event = { type: 'callback', body: { result: { status: 'completed', totalAmount: 99.99 } }, headers: { 'x-request-id': 'r-1' } };
const messageOf = (text: string) => evaluateExpectation(parseExpectation(text), event).message;

describe('a query that finds nothing because of a misspelt key', () => {
  test('names the nearest key present in the event', () => {
    expect(messageOf('$.body.result.statsu == "completed"')).toBe(
      `$.body.result.statsu == "completed": no value at path ($.body.result has no 'statsu'; did you mean $.body.result.status?)`,
    );
    expect(messageOf('$.bdy.result.status exists')).toContain('did you mean $.body.result.status?');
    expect(messageOf("$.headers['x-request-di'] exists")).toContain("did you mean $.headers['x-request-id']?");
  });

  test('says nothing more when no key is close, or when the absence is what was expected', () => {
    expect(messageOf('$.body.result.currency == "EUR"')).toBe('$.body.result.currency == "EUR": no value at path');
    expect(evaluateExpectation(parseExpectation('$.body.result.statsu not exists'), event).pass).toBe(true);
  });
});
