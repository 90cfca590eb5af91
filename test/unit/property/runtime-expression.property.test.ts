import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { formatJsonPointer, getAtPointer } from '../../../src/core/json-pointer.js';
import {
  evaluateRuntimeExpression,
  evaluateTemplate,
  formatTemplate,
  parseExpressionTemplate,
  parseRuntimeExpression,
  type RuntimeContext,
} from '../../../src/core/runtime-expression.js';

const headerName = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const name = fc.stringMatching(/^[A-Za-z0-9_]{1,10}$/);
const pointer = fc.array(fc.string({ maxLength: 5 }).filter((token) => !token.includes('}')), { maxLength: 3 }).map(formatJsonPointer);
const expression = fc.oneof(
  fc.constantFrom('$url', '$method', '$statusCode'),
  fc.tuple(fc.constantFrom('request', 'response'), headerName).map(([kind, header]) => `$${kind}.header.${header}`),
  fc.tuple(fc.constantFrom('query', 'path'), name).map(([where, item]) => `$request.${where}.${item}`),
  fc.tuple(fc.constantFrom('request', 'response'), pointer).map(([kind, ptr]) => `$${kind}.body${ptr === '' ? '' : `#${ptr}`}`),
);
const staticText = fc.string({ maxLength: 10 }).filter((text) => !/[{}]/.test(text));

function context(body: unknown): RuntimeContext {
  return { url: 'http://api.test/x', method: 'post', statusCode: 201, request: { headers: { 'X-Id': 'abc' }, query: {}, path: {}, body }, response: { headers: {}, body } };
}

describe('runtime expressions (property)', () => {
  it('a template of static text and expressions formats back to the text it was parsed from', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(staticText, expression), { minLength: 1, maxLength: 3 }), staticText, (pairs, tail) => {
        const text = `${pairs.map(([before, expr]) => `${before}{${expr}}`).join('')}${tail}`;
        const parts = parseExpressionTemplate(text);
        expect(formatTemplate(parts)).toBe(text);
        expect(parts.filter((part) => part.type === 'expression')).toHaveLength(pairs.length);
      }),
    );
  });

  it('$request.body#/ptr is the JSON pointer into the body, as text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), pointer, (body, ptr) => {
        const value = evaluateRuntimeExpression(parseRuntimeExpression(`$request.body#${ptr}`), context(body));
        const expected = getAtPointer(body, ptr);
        expect(value).toBe(expected === undefined ? undefined : typeof expected === 'string' ? expected : JSON.stringify(expected));
      }),
    );
  });

  it('headers are found whatever their case', () => {
    fc.assert(
      fc.property(fc.constantFrom('x-id', 'X-ID', 'x-Id'), (header) => {
        expect(evaluateTemplate(parseExpressionTemplate(`id={$request.header.${header}}`), context(null))).toBe('id=abc');
      }),
    );
  });

  it('parses any text or refuses it with a usage error that names it', () => {
    const near = fc.tuple(fc.constantFrom('{$', '$request.', '$response.body#', '{$request.header.', '$url', '}', '{'), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}${b}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), near), (text) => {
        try {
          parseExpressionTemplate(text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).toContain('runtime expression');
        }
      }),
    );
  });
});
