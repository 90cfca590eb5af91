import { describe, expect, it } from 'vitest';
import type { CbEventOf } from '../../../src/core/events.js';
import { renderJsonReport, renderJunit, renderTap } from '../../../src/core/test-report.js';

const at = '2026-01-01T00:00:00.000Z';
const assertion = (expr: string, pass: boolean, message: string): CbEventOf<'assertion'> => ({ type: 'assertion', seq: 5, at, expr, pass, actual: 'completed', eventSeq: 4, message });
const result = (exitCode: number, callbacks: number, reason?: string): CbEventOf<'result'> => ({ type: 'result', seq: 9, at, pass: exitCode === 0, exitCode, callbacks, durationMs: 1234, ...(reason ? { reason } : {}) });

describe('end-of-run reports', () => {
  const failing = {
    title: 'cbtest fire --rpc <x>',
    awaited: 'the callback with id 1',
    assertions: [assertion('$.body.status == "done"', false, '$.body.status == "done": got "completed"'), assertion('$.body.id exists', true, 'ok')],
    result: result(1, 1, 'assertion failed'),
  };

  it('TAP: a plan line, one line per case, YAML details for failures', () => {
    const tap = renderTap(failing).split('\n');
    expect(tap.slice(0, 5)).toEqual(['TAP version 14', '1..3', 'ok 1 - callback arrived: the callback with id 1', 'not ok 2 - $.body.status == "done" [event \\#4]', '  ---']);
    expect(tap).toContain('ok 3 - $.body.id exists [event \\#4]');
  });

  it('JUnit: escapes XML and counts failures; a timeout fails "callback arrived"', () => {
    const xml = renderJunit({ ...failing, assertions: [], result: result(3, 0, 'timed out after 1s waiting for <x> & "y"') });
    expect(xml).toContain('tests="1" failures="1"');
    expect(xml).toContain('timed out after 1s waiting for &lt;x&gt; &amp; &quot;y&quot;');
  });

  it('JSON: the result and every case', () => {
    const parsed = JSON.parse(renderJsonReport(failing)) as { tests: Array<{ pass: boolean }>; result: { exitCode: number } };
    expect(parsed.tests.map((test) => test.pass)).toEqual([true, false, true]);
    expect(parsed.result.exitCode).toBe(1);
  });
});

describe('the "deliveries" case', () => {
  const deliveries = [
    { key: 'msg_1', delivered: true, attempts: [{ seq: 3, sinceFirstMs: 0, status: 503, duplicate: false }, { seq: 4, sinceFirstMs: 2000, status: 200, duplicate: false }] },
    { key: 'msg_2', delivered: true, attempts: [{ seq: 5, sinceFirstMs: 0, status: 200, duplicate: false }, { seq: 6, sinceFirstMs: 900, status: 200, duplicate: true }] },
  ];
  const deliveriesAssertion = (pass: boolean, message: string): CbEventOf<'assertion'> => ({ ...assertion('deliveries', pass, message), eventSeq: null });
  const summary = (pass: boolean, message: string) => ({
    title: 'cbtest listen',
    awaited: '2 callbacks',
    assertions: [deliveriesAssertion(pass, message)],
    result: { ...result(pass ? 0 : 1, 2), deliveries },
  });

  it('JUnit: lists each key\'s timeline, as the failure when a delivery came again after a 2xx', () => {
    const passing = renderJunit(summary(true, 'deliveries: 2 deliveries'));
    expect(passing).toContain('<testcase classname="cbtest" name="deliveries" time="0">\n      <system-out>msg_1: 2 attempts: +0s 503, +2.0s 200\nmsg_2: 2 attempts: +0s 200, +0.9s 200 (duplicate)</system-out>');
    const failing = renderJunit(summary(false, 'deliveries: msg_2 came again after a 2xx (1 time)'));
    expect(failing).toContain('failures="1"');
    expect(failing).toContain('<failure message="deliveries: msg_2 came again after a 2xx (1 time)" type="AssertionError">deliveries: msg_2 came again after a 2xx (1 time)\nmsg_1: 2 attempts');
  });

  it('TAP and JSON carry the timelines too', () => {
    const tap = renderTap(summary(true, 'deliveries: 2 deliveries'));
    expect(tap).toContain('ok 2 - deliveries\n  ---\n  message: "deliveries: 2 deliveries"\n  deliveries:\n    - "msg_1: 2 attempts: +0s 503, +2.0s 200"\n');
    const json = JSON.parse(renderJsonReport(summary(false, 'deliveries: x'))) as { tests: Array<{ name: string; pass: boolean; timelines?: string[] }> };
    expect(json.tests[1]).toMatchObject({ name: 'deliveries', pass: false, timelines: ['msg_1: 2 attempts: +0s 503, +2.0s 200', 'msg_2: 2 attempts: +0s 200, +0.9s 200 (duplicate)'] });
  });
});
