import { describe, expect, test } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { formatJsonPointer, getAtPointer, parseJsonPointer, setAtPointer } from '../../../src/core/json-pointer.js';

// The document from RFC 6901, section 5.
const rfcDoc = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'c%d': 2, 'e^f': 3, 'g|h': 4, 'i\\j': 5, 'k"l': 6, ' ': 7, 'm~n': 8 };

describe('getAtPointer', () => {
  test.each([
    ['', rfcDoc],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ])('RFC 6901 example %j', (pointer, expected) => {
    expect(getAtPointer(rfcDoc, pointer)).toEqual(expected);
  });

  test.each([['/missing'], ['/foo/2'], ['/foo/-'], ['/foo/01'], ['/foo/0/deeper'], ['/toString']])(
    'has no value at %j',
    (pointer) => {
      expect(getAtPointer(rfcDoc, pointer)).toBeUndefined();
    },
  );

  test('keeps a null that is really there', () => {
    expect(getAtPointer({ a: null }, '/a')).toBeNull();
  });
});

describe('parseJsonPointer and formatJsonPointer', () => {
  test('unescape ~1 before ~0 so ~01 stays a literal ~1', () => {
    expect(parseJsonPointer('/a~01b')).toEqual(['a~1b']);
    expect(formatJsonPointer(['a~1b', 'c/d'])).toBe('/a~01b/c~1d');
  });

  test('a pointer without its leading slash is refused with the fix', () => {
    expect(() => parseJsonPointer('callbackUrl', '--callback-pointer')).toThrow(UsageError);
    expect(() => parseJsonPointer('callbackUrl', '--callback-pointer')).toThrow(
      "--callback-pointer 'callbackUrl' must start with '/'; write it as '/callbackUrl'",
    );
    expect(() => parseJsonPointer('#/user/uuid')).toThrow("write it as '/user/uuid'");
  });

  test('a stray ~ is refused', () => {
    expect(() => parseJsonPointer('/a~2')).toThrow(/'~0' for '~' and '~1' for '\/'/);
  });
});

describe('setAtPointer', () => {
  test('returns a new document and leaves the original alone', () => {
    const original = { params: { amount: 5 } };
    const updated = setAtPointer(original, '/params/callbackUrl', 'http://127.0.0.1:4000/');
    expect(updated).toEqual({ params: { amount: 5, callbackUrl: 'http://127.0.0.1:4000/' } });
    expect(original).toEqual({ params: { amount: 5 } });
  });

  test('creates missing objects along the way, also from nothing', () => {
    expect(setAtPointer(undefined, '/a/b/c', 1)).toEqual({ a: { b: { c: 1 } } });
    expect(setAtPointer({ a: null }, '/a/b', 1)).toEqual({ a: { b: 1 } });
  });

  test('writes array elements and appends with -', () => {
    expect(setAtPointer({ hooks: ['x'] }, '/hooks/0', 'y')).toEqual({ hooks: ['y'] });
    expect(setAtPointer({ hooks: ['x'] }, '/hooks/-', 'y')).toEqual({ hooks: ['x', 'y'] });
    expect(setAtPointer({ hooks: ['x'] }, '/hooks/1', 'y')).toEqual({ hooks: ['x', 'y'] });
  });

  test('escaped tokens name the real member', () => {
    expect(setAtPointer({}, '/a~1b/m~0n', true)).toEqual({ 'a/b': { 'm~n': true } });
  });

  test('the empty pointer replaces the whole document', () => {
    expect(setAtPointer({ a: 1 }, '', 'whole')).toBe('whole');
  });

  test('refuses to write past the end of an array or inside a string', () => {
    expect(() => setAtPointer({ hooks: [] }, '/hooks/3', 1)).toThrow(/not an index of the array at \/hooks/);
    expect(() => setAtPointer({ url: 'x' }, '/url/inner', 1)).toThrow('cannot write at /url/inner: /url holds "x"');
  });

  test('a __proto__ member stays an ordinary member', () => {
    const updated = setAtPointer({}, '/__proto__/polluted', true) as Record<string, unknown>;
    expect(Object.hasOwn(updated, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
