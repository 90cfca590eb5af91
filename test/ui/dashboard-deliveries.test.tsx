import { afterEach, describe, expect, test } from 'vitest';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const attempt = (key: string, number: number, sinceFirstMs: number, status: number, duplicate = false) =>
  callbackDraft({ headers: { 'webhook-id': key }, response: { status }, matched: status === 200 && !duplicate, delivery: { key, attempt: number, sinceFirstMs, duplicate } });

describe('the dashboard shows each delivery key\'s timeline', () => {
  test('above the verdict, growing with each attempt; a key not yet answered 2xx says so, then never was', async () => {
    ui = renderDashboard({ awaited: { count: 1, description: '' } });
    ui.store.append(attempt('msg_1', 1, 0, 503));
    let frame = await ui.until('msg_1: 1 attempt: +0s 503 · not answered 2xx yet');
    ui.store.append(attempt('msg_1', 2, 2000, 503));
    ui.store.append(attempt('msg_1', 3, 6100, 200));
    ui.store.append(attempt('evt_9', 1, 0, 500));
    frame = await ui.until('msg_1: 3 attempts: +0s 503, +2.0s 503, +6.1s 200');
    const rows = frame.split('\n');
    // Right above the footer's verdict line, one row per key in the order they first came.
    expect(rows.at(-4)).toContain('msg_1: 3 attempts: +0s 503, +2.0s 503, +6.1s 200');
    expect(rows.at(-3)).toContain('evt_9: 1 attempt: +0s 500 · not answered 2xx yet');
    ui.store.append({ type: 'result', pass: true, exitCode: 0, callbacks: 1, durationMs: 6200 });
    frame = await ui.until('evt_9: 1 attempt: +0s 500 · never answered 2xx');
    expect(frame).toContain('✓ passed');
  });

  test('marks a repeat after a 2xx, and keeps to the newest three keys', async () => {
    ui = renderDashboard();
    ui.store.append(attempt('evt_1', 1, 0, 200));
    ui.store.append(attempt('evt_1', 2, 900, 200, true));
    for (const key of ['evt_2', 'evt_3', 'evt_4']) ui.store.append(attempt(key, 1, 0, 200));
    const frame = await ui.until('… 1 earlier delivery');
    expect(frame).toContain('evt_4: 1 attempt: +0s 200');
    expect(frame).not.toContain('evt_1: 2 attempts');
    ui.unmount();
    ui = renderDashboard();
    ui.store.append(attempt('evt_1', 1, 0, 200));
    ui.store.append(attempt('evt_1', 2, 900, 200, true));
    expect(await ui.until('evt_1: 2 attempts: +0s 200, +0.9s 200 (duplicate)')).toBeTruthy();
  });

  test('a run without delivery keys shows no timelines', async () => {
    ui = renderDashboard();
    ui.store.append(callbackDraft());
    const frame = await ui.until('/hooks/order');
    expect(frame).not.toContain('attempt');
  });
});
