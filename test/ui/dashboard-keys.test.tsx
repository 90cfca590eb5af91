import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const listening = { type: 'listening', url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null } as const;
const selectedRow = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';
const selects = (path: string) => (frame: string) => selectedRow(frame).includes(path);

async function withThreeCallbacks(): Promise<Harness> {
  const harness = renderDashboard();
  harness.store.append(listening);
  harness.store.append(callbackDraft({ path: '/orders', bodyText: '{"id":"o-1","total":12345678901234567890}' }));
  harness.store.append(callbackDraft({ path: '/refunds', bodyText: '{"id":"r-7"}', query: { attempt: '3' }, headers: { 'content-type': 'application/json', 'x-signature': 'v1=abc' } }));
  harness.store.append(callbackDraft({ path: '/payouts', bodyText: '{"id":"p-2"}' }));
  await harness.until('/payouts');
  return harness;
}

describe('keys', () => {
  test('k/j and the arrows move the selection; following stops, f resumes it', async () => {
    ui = await withThreeCallbacks();
    await ui.until(selects('/payouts'));
    await ui.press('k');
    await ui.until(selects('/refunds'));
    await ui.press('\u001b[A');
    await ui.until(selects('/orders'));
    await ui.press('j');
    await ui.until(selects('/refunds'));

    ui.store.append(callbackDraft({ path: '/late' }));
    const paused = await ui.until('/late');
    expect(selectedRow(paused)).toContain('/refunds');

    await ui.press('f');
    await ui.until(selects('/late'));
  });

  test('a burst of keys in one read is handled key by key', async () => {
    ui = await withThreeCallbacks();
    await ui.press('kk\r');
    const frame = await ui.until('── #2 callback');
    expect(selectedRow(frame)).toContain('/orders');
  });

  test('enter opens the details: status, query, pretty JSON body with numbers exactly as sent, headers; esc closes', async () => {
    ui = await withThreeCallbacks();
    await ui.press('k');
    await ui.press('\r');
    let frame = await ui.until('── #3 callback');
    expect(frame).toContain('#3 callback POST /refunds');
    expect(frame).toContain('answered 200');
    expect(frame).toContain('✓ counts toward the wait');
    expect(frame).toMatch(/Query \(1\)\n\s+attempt = 3/);
    expect(frame).toMatch(/Body · 12B · application\/json\n\s+\{\n\s+"id": "r-7"\n\s+\}/);
    expect(frame).toContain('x-signature: v1=abc');

    await ui.press('k');
    frame = await ui.until('── #2 callback');
    expect(frame).toContain('"total": 12345678901234567890');

    await ui.press('\u001b');
    frame = await ui.until((text) => !text.includes('── #2'));
    expect(frame).toContain('⏎ details');
  });

  test('/ filters by path or body text as you type; esc clears it', async () => {
    ui = await withThreeCallbacks();
    await ui.press('/');
    await ui.press('r-7');
    let frame = await ui.until('filter "r-7": 1 of 4');
    expect(frame).toContain('filter /r-7');
    expect(frame).toContain('/refunds');
    expect(frame).not.toContain('/orders');
    expect(frame).not.toContain('/payouts');

    await ui.press('\r');
    frame = await ui.until('⏎ details');
    expect(frame).not.toContain('/payouts');

    await ui.press('/');
    await ui.press('\u007f\u007f\u007fnothing-like-this');
    await ui.until('no events match "nothing-like-this"');
    await ui.press('\u001b');
    frame = await ui.until('/payouts');
    expect(frame).toContain('/orders');
    expect(frame).not.toContain('filter "');
  });

  test('c shows the selected callback as a curl command and saves it as a script', async () => {
    ui = await withThreeCallbacks();
    await ui.press('k');
    await ui.press('c');
    const frame = await ui.until('── curl #3');
    expect(frame).toContain(`curl -X POST 'http://127.0.0.1:4000/refunds?attempt=3' \\`);
    expect(frame).toContain(`-H 'x-signature: v1=abc' \\`);
    expect(frame).toContain(`--data-raw '{"id":"r-7"}'`);
    const saved = /saved as (\S+\.sh)/.exec(frame)?.[1];
    expect(saved).toBeDefined();
    // The script on disk is the command shown, runnable as it is.
    expect(readFileSync(saved!, 'utf8')).toContain(`--data-raw '{"id":"r-7"}'`);
    rmSync(saved!, { force: true });
  });

  test('c and r on something that is not a callback say so', async () => {
    ui = await withThreeCallbacks();
    await ui.press('g');
    await ui.until(selects('listen'));
    await ui.press('c');
    await ui.until('select a callback first: c (curl) works on callbacks');
    await ui.press('r');
    await ui.until('select a callback first: r (replay) works on callbacks');
    expect(ui.replays).toEqual([]);
  });

  test('r replays the selected callback to the receiver, or to --forward-to when given, and shows the outcome', async () => {
    ui = await withThreeCallbacks();
    await ui.press('k');
    await ui.press('r');
    await ui.until('http://127.0.0.1:4000 answered 204');
    expect(ui.replays).toEqual([{ seq: 3, target: 'http://127.0.0.1:4000' }]);
    ui.unmount();

    ui = renderDashboard({ replayTarget: 'http://127.0.0.1:3000/app' });
    ui.store.append(listening);
    ui.store.append(callbackDraft());
    await ui.until('/hooks/order');
    await ui.press('r');
    await ui.until('http://127.0.0.1:3000/app answered 204');
    expect(ui.replays).toEqual([{ seq: 2, target: 'http://127.0.0.1:3000/app' }]);
  });

  test('a failed replay is shown as a failure', async () => {
    ui = renderDashboard({ replay: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')) });
    ui.store.append(listening);
    ui.store.append(callbackDraft());
    await ui.until('/hooks/order');
    await ui.press('r');
    await ui.until('replay of #2 failed: connect ECONNREFUSED 127.0.0.1:9');
  });

  test('q and Ctrl-C ask the run to quit, once; Ink does not exit by itself', async () => {
    ui = await withThreeCallbacks();
    await ui.press('\u0003');
    expect(ui.quits()).toBe(1);
    await ui.until('closing…');
    await ui.press('q');
    expect(ui.quits()).toBe(1);

    ui.unmount();
    ui = await withThreeCallbacks();
    await ui.press('q');
    expect(ui.quits()).toBe(1);
  });

  test('typing q in the filter prompt filters, it does not quit', async () => {
    ui = await withThreeCallbacks();
    await ui.press('/');
    await ui.press('q');
    await ui.until('filter /q');
    expect(ui.quits()).toBe(0);
  });

  test('PgDn and PgUp scroll a long body in the details; w wraps long lines', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 60 }, (_, index) => ({ n: index })), long: 'x'.repeat(300) });
    ui = renderDashboard({}, { columns: 100, rows: 30 });
    ui.store.append(callbackDraft({ bodyText: body, bodyBase64: Buffer.from(body).toString('base64'), size: Buffer.byteLength(body) }));
    await ui.until('/hooks/order');
    await ui.press('\r');
    let frame = await ui.until(/lines 1-\d+ of \d+/);
    expect(frame).not.toContain('"n": 30');
    await ui.press('\u001b[6~');
    frame = await ui.until((text) => !/lines 1-/.test(text));
    expect(frame).toMatch(/lines \d+-\d+ of \d+/);
    await ui.press('\u001b[6~'.repeat(15));
    frame = await ui.until('"long": "xxx');
    const longLine = frame.split('\n').find((line) => line.includes('"long"'))!;
    expect(longLine.endsWith('…')).toBe(true);
    await ui.press('w');
    frame = await ui.until('w cut');
    expect(frame.split('\n').filter((line) => /^x+/.test(line.trim())).length).toBeGreaterThan(1);
    await ui.press('\u001b[5~');
    await ui.until((text) => !text.includes('"long"'));
  });
});
