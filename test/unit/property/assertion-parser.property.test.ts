import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateExpectation, parseExpectation } from '../../../src/core/assertions/index.js';
import { COMPARISON_PREDICATES, TYPE_PREDICATES } from '../../../src/core/assertions/predicates.js';
import { UsageError } from '../../../src/core/errors.js';

// Member names as a user writes them: dotted identifiers, or bracketed quoted names with spaces and operators.
const dotted = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).map((name) => `.${name}`);
const bracketed = fc.string({ maxLength: 8 }).filter((name) => !/['\\]/.test(name)).map((name) => `['${name}']`);
const query = fc.array(fc.oneof(dotted, bracketed, fc.nat(9).map((index) => `[${index}]`)), { maxLength: 4 }).map((steps) => `$${steps.join('')}`);
const space = fc.constantFrom(' ', '  ', '\t');

describe('the assertion parser (property)', () => {
  it('reads back the query, predicate and JSON value it was given', () => {
    fc.assert(
      fc.property(query, fc.constantFrom(...COMPARISON_PREDICATES), fc.jsonValue(), space, (path, predicate, value, gap) => {
        const text = `${path}${gap}${predicate}${gap}${JSON.stringify(value)}`;
        const parsed = parseExpectation(text);
        expect(parsed).toMatchObject({ query: path, predicate });
        expect('expected' in parsed && parsed.expected).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('takes the unary predicates with no value, and refuses one with a value', () => {
    fc.assert(
      fc.property(query, fc.constantFrom(...TYPE_PREDICATES, 'exists', 'not exists'), (path, predicate) => {
        expect(parseExpectation(`${path} ${predicate}`)).toMatchObject({ query: path, predicate });
        expect(() => parseExpectation(`${path} ${predicate} 1`)).toThrow(UsageError);
      }),
    );
  });

  it('parses any text or refuses it with a usage error naming the flag', () => {
    const near = fc.tuple(query, fc.constantFrom('==', '!=', '>=', 'matches', 'not', 'exists', 'contains', '=', '!'), fc.string({ maxLength: 12 })).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string(), near), (text) => {
        try {
          parseExpectation(text, '--until');
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message.startsWith('--until ')).toBe(true);
        }
      }),
    );
  });

  it('== judges a value equal to itself, wherever it sits in the body', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.jsonValue(), (name, value) => {
        const subject = { body: { [name]: JSON.parse(JSON.stringify(value)) } };
        const verdict = evaluateExpectation(parseExpectation(`$.body['${name}'] == ${JSON.stringify(value)}`), subject);
        expect(verdict.pass).toBe(true);
      }),
    );
  });
});
