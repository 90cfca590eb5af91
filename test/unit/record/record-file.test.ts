import { describe, expect, test } from 'vitest';
import { parseRecordText, RecordFileError } from '../../../src/core/record-file.js';
import { describeError, type CbtestError } from '../../../src/core/errors.js';
import { chooseRun, splitRuns } from '../../../src/core/record-runs.js';
import { parseSeqList } from '../../../src/core/seq-list.js';

const at = '2026-12-01T10:00:00.000Z';
const listening = (seq: number, extra: object = {}) => JSON.stringify({ type: 'listening', seq, at, url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null, ...extra });
const callback = (seq: number, extra: object = {}) =>
  JSON.stringify({ type: 'callback', seq, at, method: 'POST', path: '/hook', query: {}, headers: {}, body: null, bodyText: '', bodyBase64: '', size: 0, contentType: null, remote: '127.0.0.1:1', response: { status: 200 }, matched: true, ...extra });
const result = (seq: number, extra: object = {}) => JSON.stringify({ type: 'result', seq, at, pass: true, exitCode: 0, callbacks: 1, durationMs: 5, ...extra });

function problemOf(text: string): string {
  try {
    parseRecordText(text, 'events.ndjson');
  } catch (error) {
    expect(error).toBeInstanceOf(RecordFileError);
    expect((error as RecordFileError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('the text was accepted');
}

describe('reading a record file', () => {
  test('every line becomes an event, with its line number and its text as written; blank lines and CRLF are fine', () => {
    const lines = parseRecordText(`${listening(1)}\r\n\n${callback(2)}\n${result(3)}\n`, 'events.ndjson');
    expect(lines.map((line) => [line.line, line.event.type, line.event.seq])).toEqual([
      [1, 'listening', 1],
      [3, 'callback', 2],
      [4, 'result', 3],
    ]);
    expect(lines[0]!.text).toBe(listening(1));
  });

  test('the first bad line is named with the file and what is wrong', () => {
    expect(problemOf(`${listening(1)}\n${callback(2)}\nnot json at all\n`)).toBe('events.ndjson:3: not JSON: "not json at all"');
    expect(problemOf(`${listening(1)}\n[1,2]\n`)).toBe('events.ndjson:2: not an event: a JSON array, not an object');
    expect(problemOf(`${listening(1)}\n${callback(2)}\n${callback(3)}\n${callback(4)}\n{"seq":5,"at":"${at}"}\n`)).toBe('events.ndjson:5: no "type"');
    expect(problemOf(`{"type":"callback","at":"${at}"}`)).toBe('events.ndjson:1: no "seq"');
    expect(problemOf(`{"type":"callback","seq":0,"at":"${at}"}`)).toBe('events.ndjson:1: "seq" 0 is not a whole number from 1');
    expect(problemOf(`{"type":"callback","seq":1}`)).toBe('events.ndjson:1: no "at"');
    expect(problemOf(`{"type":"callback","seq":1,"at":"yesterday"}`)).toBe('events.ndjson:1: "at" "\\"yesterday\\"" is not an ISO-8601 time');
  });

  test('a known event type must carry what the views and the replay read', () => {
    const withoutBytes = JSON.parse(callback(2)) as Record<string, unknown>;
    delete withoutBytes.bodyBase64;
    expect(problemOf(`${listening(1)}\n${JSON.stringify(withoutBytes)}`)).toBe('events.ndjson:2: callback event has no "bodyBase64"');
    expect(problemOf(callback(1, { headers: 'x' }))).toBe('events.ndjson:1: callback "headers" is a string, not an object');
    expect(problemOf(callback(1, { bodyBase64: 'not base64!' }))).toBe('events.ndjson:1: callback "bodyBase64" is not base64');
    expect(problemOf(listening(1, { url: 7 }))).toBe('events.ndjson:1: listening "url" is a number, not a string');
  });

  test('an event type from a newer cbtest is kept, not refused', () => {
    const lines = parseRecordText(`${listening(1)}\n{"type":"delivery","seq":2,"at":"${at}","key":"msg_1"}\n`, 'events.ndjson');
    expect(lines[1]!.event.type).toBe('delivery');
  });

  test('an empty file, or one of blank lines, is not a record', () => {
    expect(problemOf('')).toBe('events.ndjson:1: the file is empty: no events recorded');
    expect(problemOf('\n  \n')).toBe('events.ndjson:1: the file is empty: no events recorded');
  });

  test('control characters in a bad line are shown escaped, and a long line is cut', () => {
    expect(problemOf('\u001b[2J{oops')).toBe('events.ndjson:1: not JSON: "\\u001b[2J{oops"');
    expect(problemOf('x'.repeat(500))).toMatch(/^events\.ndjson:1: not JSON: "x{40}…"$/);
  });
});

describe('runs appended to one file', () => {
  test('a run starts where seq starts again, at a second listening event, or where the runId changes', () => {
    const text = [listening(1, { runId: 'r-1' }), callback(2), result(3, { runId: 'r-1' }), listening(1, { runId: 'r-2' }), callback(2), callback(3), result(4, { runId: 'r-2' }), callback(5, { runId: 'r-3' })].join('\n');
    const runs = splitRuns(parseRecordText(text, 'events.ndjson'));
    expect(runs.map((run) => [run.index, run.runId, run.lines.length, run.lines[0]!.line])).toEqual([
      [1, 'r-1', 3, 1],
      [2, 'r-2', 4, 4],
      [3, 'r-3', 1, 8],
    ]);
    expect(runs[1]!.listening?.seq).toBe(1);
  });

  test('a record without listening events (send --record) splits on seq alone', () => {
    const request = (seq: number) => JSON.stringify({ type: 'request', seq, at, label: 'send', method: 'POST', url: 'http://x', headers: {}, body: null });
    const runs = splitRuns(parseRecordText([request(1), result(2), request(1), result(2)].join('\n'), 'sent.ndjson'));
    expect(runs).toHaveLength(2);
    expect(runs.every((run) => run.listening === null && run.runId === null)).toBe(true);
  });

  test('the last run is the default, and the note says so and how to pick another', () => {
    const runs = splitRuns(parseRecordText([listening(1, { runId: 'r-1' }), listening(1, { runId: 'r-2' })].join('\n'), 'events.ndjson'));
    const chosen = chooseRun(runs, null, 'events.ndjson');
    expect(chosen.run.runId).toBe('r-2');
    expect(chosen.note).toBe('events.ndjson holds 2 runs; using the last, run 2 of 2 (runId r-2, from line 2); --run N or --run RUNID picks another');
    expect(chooseRun(runs, 'r-1', 'events.ndjson').run.index).toBe(1);
    expect(chooseRun(runs, '1', 'events.ndjson').run.runId).toBe('r-1');
    expect(chooseRun(runs.slice(0, 1), null, 'events.ndjson').note).toBeNull();
    const wrong = (() => {
      try {
        chooseRun(runs, '3', 'events.ndjson');
      } catch (error) {
        return describeError(error as CbtestError);
      }
      return 'accepted';
    })();
    expect(wrong).toBe('--run 3: events.ndjson has no such run; it holds 2 runs: 1 to 2, or a runId: r-1, r-2');
  });
});

describe('--seq lists', () => {
  test('numbers, ranges and open ranges', () => {
    const list = parseSeqList('3,5-7,10-');
    expect([1, 3, 4, 5, 7, 8, 10, 99].map((seq) => list.includes(seq))).toEqual([false, true, false, true, true, false, true, true]);
  });

  test('anything else is refused naming the part', () => {
    expect(() => parseSeqList('3,x')).toThrow("--seq '3,x': 'x' is not an event number or range");
    expect(() => parseSeqList('7-5')).toThrow("'7-5' is not an event number or range");
    expect(() => parseSeqList('0')).toThrow("'0' is not an event number or range");
  });
});
