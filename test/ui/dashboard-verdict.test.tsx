import { afterEach, describe, expect, test } from 'vitest';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const footer = (frame: string) => frame.split('\n').at(-2) ?? '';

describe('the verdict in the footer', () => {
  test('counts matched callbacks toward what is awaited, with the elapsed time', async () => {
    const startedAt = Date.parse('2030-01-01T00:00:00Z');
    ui = renderDashboard({ awaited: { count: 3, description: 'callbacks with id "a1"' }, startedAt, now: () => startedAt + 65_000 });
    let frame = await ui.until('waiting 0 of 3');
    expect(footer(frame)).toBe('⧗ waiting 0 of 3 · callbacks with id "a1" · 1m05s');
    expect(frame.split('\n')[0]).toContain('1m05s');

    ui.store.append(callbackDraft());
    ui.store.append(callbackDraft({ matched: false, note: 'id "b" is not "a1"' }));
    frame = await ui.until('waiting 1 of 3');
    expect(footer(frame)).toBe('⧗ waiting 1 of 3 · callbacks with id "a1" · 1m05s');
  });

  test('with nothing awaited it says it is listening', async () => {
    ui = renderDashboard({ awaited: { count: null, description: '' } });
    const frame = await ui.until('● listening');
    expect(footer(frame)).toMatch(/^● listening · \d+s$/);
  });

  test('a failed expectation shows before the result; passed and failed results stay on screen with "q to quit"', async () => {
    ui = renderDashboard({ awaited: { count: 1, description: '' } });
    ui.store.append(callbackDraft());
    ui.store.append({ type: 'assertion', expr: '$.body.status == "paid"', pass: false, actual: 'done', eventSeq: 1, message: '$.body.status == "paid": got "done"' });
    let frame = await ui.until('1 expectation failed');
    expect(frame).toContain('✗ expect   ');

    ui.store.append({ type: 'result', pass: false, exitCode: 1, callbacks: 1, durationMs: 2300, reason: '1 expectation failed: $.body.status == "paid"' });
    frame = await ui.until('✗ failed');
    expect(footer(frame)).toBe('✗ failed: 1 expectation failed: $.body.status == "paid" · exit 1 · q to quit');
    expect(frame.split('\n')[0]).toContain('  2s  ');
    ui.unmount();

    ui = renderDashboard({ awaited: { count: 1, description: '' } });
    ui.store.append(callbackDraft());
    ui.store.append({ type: 'result', pass: true, exitCode: 0, callbacks: 1, durationMs: 1200 });
    frame = await ui.until('✓ passed');
    expect(footer(frame)).toBe('✓ passed · 1 callback in 1.2s · q to quit');
  });

  test('a status line from the run shows in the footer, escaped', async () => {
    ui = renderDashboard({ statusLine: 'tunnel reconnecting \u001b[2J' });
    const frame = await ui.until('tunnel reconnecting');
    expect(footer(frame)).toContain('tunnel reconnecting \\u001b[2J');
  });
});
