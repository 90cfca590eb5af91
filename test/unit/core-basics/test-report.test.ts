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
