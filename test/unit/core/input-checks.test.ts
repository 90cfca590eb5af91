import { describe, expect, it } from 'vitest';
import { compileBodySchema } from '../../../src/core/assertions/body-schema.js';
import { parseHeaderFlags, parseHttpMethod } from '../../../src/core/headers.js';

const label = '--expect-schema order.json';

describe('--expect-schema refuses what is not a schema', () => {
  it.each([
    [[1, 2], 'holds an array, not a JSON Schema'],
    [42, 'holds a number, not a JSON Schema'],
    ['{"type":"object"}', 'holds a string, not a JSON Schema'],
    [null, 'holds null, not a JSON Schema'],
    [true, 'is the schema true, which every body passes'],
  ])('%j', (schema, message) => {
    expect(() => compileBodySchema(schema, { label })).toThrow(`${label} ${message}`);
  });

  it('refuses a sample body saved as the schema, which every callback would pass', () => {
    expect(() => compileBodySchema({ status: 'completed', amount: 12 }, { label })).toThrow(/uses no JSON Schema keyword \(it has "status", "amount"\): it looks like a sample body/);
  });

  it('refuses an unknown $schema draft instead of silently reading it as draft-07', () => {
    expect(() => compileBodySchema({ $schema: 'http://json-schema.org/draft-03/schema#', type: 'object' }, { label })).toThrow(
      `${label} declares $schema "http://json-schema.org/draft-03/schema#", a draft cbtest does not know`,
    );
    expect(() => compileBodySchema({ $schema: 'https://example.com/my-dialect', type: 'object' }, { label })).toThrow(/does not know/);
  });

  it('knows the drafts in use, with or without the trailing #, and the OpenAPI 3.1 dialect', () => {
    for (const $schema of ['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-04/schema', 'https://json-schema.org/draft/2020-12/schema', 'https://spec.openapis.org/oas/3.1/dialect/base']) {
      const check = compileBodySchema({ $schema, type: 'object', required: ['id'] }, { label });
      expect(check({ id: 1 })).toEqual([]);
      expect(check({})).toHaveLength(1);
    }
    expect(compileBodySchema({}, { label })({ anything: true })).toEqual([]);
  });
});

describe('-H lines HTTP cannot carry are usage errors before anything is sent', () => {
  it('refuses a line break in the value, shown escaped', () => {
    expect(() => parseHeaderFlags(['X-A: a\r\nInjected: 1'])).toThrow("-H 'X-A: a\\r\\nInjected: 1' carries a line break, which would end the header early");
  });
  it('refuses a character beyond Latin-1 or a control character, naming it', () => {
    expect(() => parseHeaderFlags(['X-Weather: ☃'])).toThrow(/has a character a header cannot carry \(U\+2603 at position 1 of the value\)/);
    expect(() => parseHeaderFlags(['X-A: a\u0000b'], '--response-header')).toThrow(/^--response-header 'X-A: a\\u0000b' has a character a header cannot carry \(U\+0000/);
  });
  it('refuses a name with a space or none', () => {
    expect(() => parseHeaderFlags(['X A: 1'])).toThrow("-H 'X A: 1' is not a header");
    expect(() => parseHeaderFlags([': 1'])).toThrow(/is not a header/);
  });
  it('keeps tabs, Latin-1 and colons in values', () => {
    expect(parseHeaderFlags(['X-A: a\tb é: c'])).toEqual({ 'x-a': 'a\tb é: c' });
  });
});

describe('-X takes an HTTP method token', () => {
  it.each(['GE T', 'GET\r\n', '', 'PÖST'])('%j is refused', (method) => {
    expect(() => parseHttpMethod(method)).toThrow(/^-X '.*' is not an HTTP method/);
  });
  it.each(['GET', 'PROPFIND', 'M-SEARCH'])('%s is taken as written', (method) => expect(parseHttpMethod(method)).toBe(method));
});

describe('form and query members named like Object prototype members', () => {
  it('are kept as members, in order, with repeats as lists', async () => {
    const { decodeBody, parseQuery } = await import('../../../src/core/body-decoding.js');
    expect(JSON.stringify(parseQuery('?constructor=2&__proto__=x&constructor=3'))).toBe('{"constructor":["2","3"],"__proto__":"x"}');
    const form = decodeBody(new TextEncoder().encode('__proto__=p&hasOwnProperty=h'), 'application/x-www-form-urlencoded').body as Record<string, unknown>;
    expect(Object.keys(form)).toEqual(['__proto__', 'hasOwnProperty']);
  });
});
