import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJsonPointer, getAtPointer, parseJsonPointer, setAtPointer } from '../../../src/core/json-pointer.js';
import { UsageError } from '../../../src/core/errors.js';

// Tokens with the characters the syntax escapes, prototype member names, and anything else.
const token = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('~', '/', '~1', '~0/', '__proto__', 'constructor', ''));

describe('JSON pointers (property)', () => {
  it('format and parse are inverse for any tokens', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), (tokens) => {
        expect(parseJsonPointer(formatJsonPointer(tokens))).toEqual(tokens);
      }),
    );
  });

  it('reads back what was written, and leaves the original document untouched', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(token.filter((item) => !/^(0|[1-9]\d*|-)$/.test(item)), { minLength: 1, maxLength: 4 }), fc.jsonValue(), (doc, tokens, value) => {
        const before = JSON.stringify(doc);
        let written: unknown;
        try {
          written = setAtPointer(doc, tokens, value);
        } catch (error) {
          // Writing below a string or number, or into an array by name, is refused, never half-done.
          expect(error).toBeInstanceOf(UsageError);
          return;
        }
        expect(getAtPointer(written, tokens)).toEqual(value);
        expect(JSON.stringify(doc)).toBe(before);
      }),
    );
  });

  it('finds only own members: no pointer reaches into Object.prototype', () => {
    fc.assert(
      fc.property(fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty'), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer()), (name, doc) => {
        expect(getAtPointer(doc, [name])).toBe(Object.hasOwn(doc, name) ? doc[name] : undefined);
      }),
    );
  });

  it('parses any text or refuses it as a usage error', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseJsonPointer(text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});
