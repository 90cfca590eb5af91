import { describe, expect, it } from 'vitest';
import { decodeBody, isRpcCallbackProbe } from '../../../src/core/body-decoding.js';
import { formatDuration, parseDuration } from '../../../src/core/duration.js';
import { parseHeaderFlags } from '../../../src/core/headers.js';
import { parseJsonArgument } from '../../../src/core/json-text.js';
import { chooseOutputMode, wantsColor } from '../../../src/core/output-mode.js';
import { escapeControlChars, escapeKeepingLayout, previewText } from '../../../src/core/terminal-text.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1.5s', 1500],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('names the flag and the fix for a bad one', () => {
    expect(() => parseDuration('soon', '--timeout')).toThrow("--timeout 'soon' is not a duration");
    expect(() => parseDuration('-1s', '--timeout')).toThrow(/not a duration/);
  });

  it('formats for people', () => {
    expect([formatDuration(850), formatDuration(2400), formatDuration(185_000)]).toEqual(['850ms', '2.4s', '3m05s']);
  });
});

describe('JSON arguments', () => {
  it('reports the flag, the position and the problem', () => {
    expect(() => parseJsonArgument('{"a":1,}', '--params')).toThrow(/^--params is not valid JSON at position 7: /);
  });
});

describe('header flags', () => {
  it('lower-cases names and keeps values', () => {
    expect(parseHeaderFlags(['Authorization: Bearer a:b', 'X-Empty:'])).toEqual({ authorization: 'Bearer a:b', 'x-empty': '' });
  });
  it('refuses a line without a name', () => {
    expect(() => parseHeaderFlags(['no colon here'])).toThrow("-H 'no colon here' is not a header");
  });
});

describe('terminal safety', () => {
  it('escapes every control and escape character on one line', () => {
    const hostile = '\u001b[2J\u001b]0;pwned\u0007\u009b31m\r\nend\u202e';
    const safe = escapeControlChars(hostile);
    expect(safe).toBe('\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\r\\nend\\u202e');
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
  it('keeps newlines and tabs for detail views only', () => {
    expect(escapeKeepingLayout('a\n\tb\u001b[31m')).toBe('a\n\tb\\u001b[31m');
  });
  it('cuts long previews with a marker saying how much was left out', () => {
    expect(previewText('x'.repeat(100), 10)).toBe('xxxxxxxxx… (+91 chars)');
  });
});

describe('body decoding', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it('parses JSON by media type, +json and shape, form bodies, and leaves binary as null text', () => {
    expect(decodeBody(bytes('{"a":1}'), 'application/hal+json; charset=utf-8').body).toEqual({ a: 1 });
    expect(decodeBody(bytes('{"a":1}'), null).body).toEqual({ a: 1 });
    expect(decodeBody(bytes('a=1&a=2&b=x'), 'application/x-www-form-urlencoded').body).toEqual({ a: ['1', '2'], b: 'x' });
    expect(decodeBody(bytes('{"a":'), 'application/json')).toEqual({ body: null, bodyText: '{"a":' });
    expect(decodeBody(new Uint8Array([0xff, 0xfe, 0x00]), 'application/octet-stream')).toEqual({ body: null, bodyText: null });
  });
  it('recognises exactly the JSON-RPC reachability probe', () => {
    expect(isRpcCallbackProbe({ 'rpc.callback': 'check real webhook url' })).toBe(true);
    expect(isRpcCallbackProbe({ 'rpc.callback': 'check real webhook url', extra: 1 })).toBe(false);
    expect(isRpcCallbackProbe({ 'rpc.callback': 'something else' })).toBe(false);
  });
});

describe('output mode', () => {
  const base = { json: false, tui: true, isTTY: true, env: {} };
  it('uses Ink only on an interactive terminal outside CI', () => {
    expect(chooseOutputMode(base)).toBe('tui');
    expect(chooseOutputMode({ ...base, isTTY: false })).toBe('plain');
    expect(chooseOutputMode({ ...base, env: { CI: 'true' } })).toBe('plain');
    expect(chooseOutputMode({ ...base, env: { TERM: 'dumb' } })).toBe('plain');
    expect(chooseOutputMode({ ...base, tui: false })).toBe('plain');
    expect(chooseOutputMode({ ...base, json: true })).toBe('json');
  });
  it('colours a TTY unless NO_COLOR or --no-color; FORCE_COLOR colours anywhere', () => {
    expect(wantsColor({ isTTY: true, env: {}, noColor: false })).toBe(true);
    expect(wantsColor({ isTTY: true, env: { NO_COLOR: '1' }, noColor: false })).toBe(false);
    expect(wantsColor({ isTTY: true, env: {}, noColor: true })).toBe(false);
    expect(wantsColor({ isTTY: false, env: { FORCE_COLOR: '1' }, noColor: false })).toBe(true);
    expect(wantsColor({ isTTY: false, env: {}, noColor: false })).toBe(false);
  });
});
