import { describe, expect, test } from 'vitest';
import { callbackBodyLines, textLines, valueLines, type BodyView } from '../../src/ui/body-lines.js';
import { prettyJsonLines } from '../../src/ui/json-lines.js';
import { lineText } from '../../src/ui/styled-text.js';

const texts = (lines: ReturnType<typeof textLines>) => lines.map(lineText);

function view(bodyText: string | null, contentType: string | null, bytes?: Buffer): BodyView {
  const raw = bytes ?? Buffer.from(bodyText ?? '');
  return { bodyText, bodyBase64: raw.toString('base64'), size: raw.length, contentType };
}

describe('body lines for the detail pane', () => {
  test('JSON is re-indented token by token: big numbers, duplicate keys and escapes stay as sent', () => {
    const body = '{"n":12345678901234567890,"k":1,"k":2,"s":"a\\u001b[2J","e":[],"o":{},"x":[1.50,true,null]}';
    expect(texts(callbackBodyLines(view(body, 'application/json')))).toEqual([
      '{',
      '  "n": 12345678901234567890,',
      '  "k": 1,',
      '  "k": 2,',
      '  "s": "a\\u001b[2J",',
      '  "e": [],',
      '  "o": {},',
      '  "x": [',
      '    1.50,',
      '    true,',
      '    null',
      '  ]',
      '}',
    ]);
  });

  test('keys, strings, numbers and literals get their own tones', () => {
    const [, line] = prettyJsonLines('{"a":"b","c":1,"d":false}', 100)!.lines;
    expect(line!.map((part) => [part.text, part.tone])).toEqual([
      ['  ', undefined],
      ['"a"', 'key'],
      [': ', undefined],
      ['"b"', 'string'],
      [',', undefined],
    ]);
  });

  test('a body that claims JSON and is not is flagged as invalid JSON with the position, then shown raw', () => {
    expect(texts(callbackBodyLines(view('{not json', 'application/json')))).toEqual([
      "✗ invalid JSON: Expected property name or '}' in JSON at position 1",
      '{not json',
    ]);
    // Text that merely starts like JSON, sent as text, is just text.
    expect(texts(callbackBodyLines(view('{not json', 'text/plain')))).toEqual(['{not json']);
  });

  test('a body longer than the pane lays out says how much is shown and that s saves it all', () => {
    const lines = texts(textLines(Array.from({ length: 100_005 }, (_, index) => `row ${index}`).join('\n')));
    expect(lines).toHaveLength(100_001);
    expect(lines.at(-2)).toBe('row 99999');
    expect(lines.at(-1)).toBe('… shown: the first 100000 of 100005 lines · s saves the whole body to a file');
  });

  test('forms show the raw text and the decoded fields', () => {
    expect(texts(callbackBodyLines(view('code=abc%20d&state=x%1By', 'application/x-www-form-urlencoded')))).toEqual([
      'code=abc%20d&state=x%1By',
      '',
      'decoded fields',
      '  code = abc d',
      '  state = x\\u001by',
    ]);
  });

  test('text keeps its lines, escapes controls, turns tabs into spaces and cuts long lines with a marker', () => {
    const lines = texts(textLines(`one\ttwo\r\n${'x'.repeat(5000)}\n\u001b[31mred`));
    expect(lines[0]).toBe('one    two\\r');
    expect(lines[1]).toMatch(/^x+… \(\+3001 chars\)$/);
    expect(lines[2]).toBe('\\u001b[31mred');
  });

  test('binary bodies become a hex dump of the first KiB, with the rest counted', () => {
    const bytes = Buffer.alloc(3000, 0x41);
    bytes[0] = 0x1b;
    const lines = texts(callbackBodyLines(view(null, 'application/octet-stream', bytes)));
    expect(lines[0]).toBe('00000000  1b 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |.AAAAAAAAAAAAAAA|');
    expect(lines).toHaveLength(65);
    expect(lines.at(-1)).toBe('… 1976 more bytes · s saves the whole body to a file');
  });

  test('empty and refused bodies say so', () => {
    expect(texts(callbackBodyLines(view('', null)))).toEqual(['(empty)']);
    expect(texts(callbackBodyLines({ ...view(null, null), size: 0, rejected: { reason: 'body too large', size: 11 * 1024 * 1024 } }))).toEqual([
      'not kept: body too large (11.0MiB announced)',
    ]);
  });

  test('parsed values (request and ack bodies, actual values) print as JSON or text', () => {
    expect(texts(valueLines({ jsonrpc: '2.0', id: 1 }))).toEqual(['{', '  "jsonrpc": "2.0",', '  "id": 1', '}']);
    expect(texts(valueLines('plain\ntext'))).toEqual(['plain', 'text']);
    expect(texts(valueLines(undefined))).toEqual(['(none)']);
  });
});
