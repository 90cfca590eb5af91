import { afterEach, describe, expect, test } from 'vitest';
import { EventStore } from '../../src/core/event-store.js';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const listening = { type: 'listening', url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null } as const;

describe('the event list', () => {
  test('shows each callback as it is appended to the store, with method, path, status, size and type', async () => {
    ui = renderDashboard({}, { columns: 120, rows: 30 });
    ui.store.append(listening);
    await ui.until('http://127.0.0.1:4000');
    expect(ui.frame()).toContain('0 callbacks');

    ui.store.append(callbackDraft({ path: '/hooks/order', query: { attempt: '2' } }));
    const frame = await ui.until('/hooks/order?attempt=2');
    const row = frame.split('\n').find((line) => line.includes('/hooks/order'))!;
    expect(row).toMatch(/✓ callback POST\s+\/hooks\/order\?attempt=2\s+200\s+27B\s+json\s+\{"id":"a1"/);
    expect(frame).toContain('1 callback · 1 matched · 0 probes');
  });

  test('marks callbacks that did not count, were refused or failed, and shows why', async () => {
    ui = renderDashboard({}, { columns: 120, rows: 30 });
    ui.store.append(callbackDraft({ path: '/other', matched: false, note: 'id "2" is not "1"' }));
    ui.store.append(callbackDraft({ path: '/big', bodyText: null, bodyBase64: '', size: 20_000_000, response: { status: 413 }, matched: false, rejected: { reason: 'body too large', size: 20_000_000 } }));
    ui.store.append({ type: 'probe', method: 'OPTIONS', path: '/probe', headers: {}, remote: '127.0.0.1' });
    const frame = await ui.until('/probe');
    const rowOf = (path: string) => frame.split('\n').find((line) => line.includes(path))!;
    expect(rowOf('/other')).toMatch(/· callback POST\s+\/other.*id "2" is not "1"/);
    expect(rowOf('/big')).toMatch(/✗ callback POST\s+\/big\s+413\s+19\.1MiB.*not kept: body too/);
    expect(rowOf('/probe')).toMatch(/probe\s+OPTIONS\s+\/probe\s+200.*not counted/);
    expect(frame).toContain('2 callbacks · 0 matched · 1 probe');
  });

  test('keeps the newest row in view while following', async () => {
    ui = renderDashboard({}, { columns: 100, rows: 20 });
    for (let index = 1; index <= 200; index += 1) ui.store.append(callbackDraft({ path: `/cb/${index}` }));
    const frame = await ui.until('/cb/200 ');
    expect(frame).not.toContain('/cb/1 ');
    expect(frame).toContain('200 callbacks');
    expect(frame.split('\n').find((line) => line.startsWith('›'))).toContain('/cb/200');
  });

  test('5,000 callbacks (and more than the store keeps) render a frame no taller than the terminal', async () => {
    const store = new EventStore();
    ui = renderDashboard({ store }, { columns: 100, rows: 30 });
    await ui.until('waiting for events');
    const framesBefore = ui.stdout.frames.length;
    for (let index = 1; index <= 6000; index += 1) store.append(callbackDraft({ path: `/flood/${index}`, bodyText: `{"n":${index}}` }));
    const frame = await ui.until('/flood/6000 ');
    expect(frame.split('\n').length).toBeLessThanOrEqual(29);
    expect(frame).toContain('6000 callbacks · 6000 matched');
    expect(frame).toContain('1000 older events not kept');
    // Appends are coalesced: a burst of 6000 is drawn in a frame or two, not 6000.
    expect(ui.stdout.frames.length - framesBefore).toBeLessThanOrEqual(3);
    const rows = frame.split('\n').filter((line) => line.includes('/flood/'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(30);
  });

  test('reflows when the terminal is resized', async () => {
    ui = renderDashboard({}, { columns: 120, rows: 30 });
    ui.store.append(callbackDraft({ path: '/resize-me' }));
    await ui.until('SIZE');
    ui.resize(60, 12);
    const frame = await ui.until((text) => !text.includes('SIZE'));
    expect(frame).toContain('/resize-me');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(frame.split('\n').length).toBeLessThanOrEqual(11);
  });

  test('the header shows the receiver, the public URL and the tunnel state', async () => {
    ui = renderDashboard({ title: 'cbtest fire --rpc http://127.0.0.1:5000/rpc' });
    ui.store.append({ ...listening, publicUrl: 'https://demo.loca.lt' });
    ui.store.append({ type: 'tunnel', state: 'down', url: 'https://demo.loca.lt', message: 'connection reset' });
    const frame = await ui.until('tunnel down');
    const [first, second] = frame.split('\n');
    expect(first).toMatch(/^cbtest fire --rpc http:\/\/127\.0\.0\.1:5000\/rpc {2,}\d+s {2}0 callbacks · 0 matched · 0 probes$/);
    expect(second).toBe('receiver http://127.0.0.1:4000  public https://demo.loca.lt (tunnel down: connection reset)');
  });

  test('a title too long for the terminal is cut, the counts on the right are not', async () => {
    ui = renderDashboard({ title: `cbtest fire --rpc http://127.0.0.1:5000/${'long/'.repeat(30)}` }, { columns: 80, rows: 20 });
    ui.store.append(callbackDraft());
    const frame = await ui.until('1 callback · 1 matched · 0 probes');
    const [first] = frame.split('\n');
    expect(first).toMatch(/^cbtest fire --rpc http:\/\/127\.0\.0\.1:5000\/.*…\s+\d+s {2}1 callback · 1 matched · 0 probes$/);
    expect(first!.length).toBeLessThanOrEqual(80);
  });
});
