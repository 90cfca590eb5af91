import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
afterEach(() => ui?.unmount());

const listening = { type: 'listening', url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null } as const;
const rowOf = (frame: string, text: string) => frame.split('\n').find((line) => line.includes(text)) ?? '';
/** The column a heading starts at in the list's title row. */
const columnOf = (frame: string, heading: string) => rowOf(frame, 'TIME').indexOf(heading);

describe('a callback in detail', () => {
  test('shows what cbtest answered (status, headers, body, time), when it arrived after the ack, headers before the body', async () => {
    ui = renderDashboard({}, { columns: 120, rows: 60 });
    ui.store.append(listening);
    ui.store.append(
      callbackDraft({
        path: '/answered',
        headers: { 'content-type': 'application/json', 'x-hook': 'h-1' },
        response: { status: 202, headers: { 'content-type': 'application/json', 'x-answer': 'yes' }, body: '{"received":true}', durationMs: 4 } as never,
        sinceAckMs: 1234,
      } as never),
    );
    let frame = await ui.until('/answered');
    expect(rowOf(frame, '/answered')).toMatch(/202\s+\+1\.2s\s+27B/);
    expect(rowOf(frame, '/answered').indexOf('+1.2s')).toBe(columnOf(frame, 'TOOK'));

    await ui.press('\r');
    frame = await ui.until('── #2 callback');
    expect(frame).toMatch(/answered 202 in 4ms/);
    expect(frame).toContain('arrived +1.2s after the acknowledgment');
    const at = (text: string) => frame.indexOf(text);
    expect(at('Headers (2)')).toBeGreaterThan(0);
    expect(at('Headers (2)')).toBeLessThan(at('Body · 27B'));
    expect(at('Body · 27B')).toBeLessThan(at('Answer (what cbtest sent back)'));
    expect(frame).toMatch(/Answer \(what cbtest sent back\)\n\s+status 202 in 4ms\n\s+content-type: application\/json\n\s+x-answer: yes\n\s*\n\s+\{"received":true\}/);
  });

  test('a body that claims JSON and is not says so; a replayed callback names its original', async () => {
    ui = renderDashboard({}, { columns: 120, rows: 40 });
    ui.store.append(callbackDraft({ path: '/broken', bodyText: '{"id": 1,,}' }));
    ui.store.append(callbackDraft({ path: '/again', headers: { 'content-type': 'application/json', 'x-cbtest-replay-of': '1' } }));
    let frame = await ui.until('/again');
    expect(rowOf(frame, '/again')).toContain('replay of #1');
    await ui.press('\r');
    frame = await ui.until('── #2 callback');
    expect(frame).toContain('↻ a replay of #1');
    await ui.press('k');
    frame = await ui.until('── #1 callback');
    expect(frame).toMatch(/✗ invalid JSON: .*position 9/);
    expect(frame).toContain('{"id": 1,,}');
  });

  test('every schema error is listed, on the callback and in the assertion, none folded into "+N more"', async () => {
    ui = renderDashboard({}, { columns: 120, rows: 50 });
    ui.store.append(
      callbackDraft({
        path: '/schema',
        schema: { source: 'api.yaml#/webhooks/order', valid: false, errors: [{ path: '/amount', message: 'must be number' }, { path: '/id', message: 'must be string' }, 'must have required property currency'] },
      } as never),
    );
    ui.store.append({
      type: 'assertion',
      expr: '--expect-schema order.json',
      pass: false,
      actual: 'twelve',
      eventSeq: 1,
      message: '--expect-schema order.json: /amount must be number\n/id must be string\n(root) must have required property currency',
    });
    let frame = await ui.until('expect');
    await ui.press('k');
    await ui.press('\r');
    frame = await ui.until('── #1 callback');
    expect(frame).toContain('✗ 3 schema errors (api.yaml#/webhooks/order)');
    expect(frame).toMatch(/• \/amount must be number\n\s+• \/id must be string\n\s+• must have required property currency/);
    await ui.press('j');
    frame = await ui.until('── #2 assertion');
    expect(frame).toContain('3 problems:');
    expect(frame).toMatch(/• --expect-schema order.json: \/amount must be number\n\s*• \/id must be string\n\s*• \(root\) must have required property currency/);
  });
});

describe('searching and saving a long body', () => {
  const longBody = JSON.stringify({ items: Array.from({ length: 400 }, (_, index) => ({ n: index, tag: index === 321 ? 'needle-here' : 'hay' })) });

  test('/ searches inside the details and jumps to the hit, n/N move between hits, g/G go to the top and the end', async () => {
    ui = renderDashboard({}, { columns: 100, rows: 30 });
    ui.store.append(callbackDraft({ path: '/long', bodyText: longBody }));
    await ui.until('/long');
    await ui.press('\r');
    let frame = await ui.until(/lines 1-\d+ of \d+/);
    expect(frame).not.toContain('needle-here');

    await ui.press('/');
    await ui.press('needle');
    frame = await ui.until('"tag": "needle-here"');
    expect(frame).toContain('search /needle');
    expect(frame).toContain('1 line match "needle"');
    await ui.press('\r');
    await ui.until('n/N next');

    await ui.press('g');
    frame = await ui.until(/lines 1-/);
    expect(frame).not.toContain('needle-here');
    await ui.press('n');
    await ui.until('"tag": "needle-here"');

    await ui.press('G');
    frame = await ui.until((text) => /lines \d+-(\d+) of \1/.test(text));
    expect(frame).toContain('Answer (what cbtest sent back)');

    await ui.press('/');
    await ui.press('\u007f'.repeat(6));
    await ui.press('"hay"');
    frame = await ui.until('399 lines match');
    await ui.press('\r');
    await ui.press('N');
    frame = await ui.until((text) => !/lines \d+-(\d+) of \1/.test(text));
    expect(frame).toMatch(/lines \d+-\d+ of \d+/);
  });

  test('s saves the whole body to a file and prints where, byte for byte', async () => {
    ui = renderDashboard({}, { columns: 160, rows: 30 });
    ui.store.append(callbackDraft({ path: '/long', bodyText: longBody }));
    await ui.until('/long');
    await ui.press('s');
    const frame = await ui.until(/saved as \S+\.json/);
    const path = /saved as (\S+\.json)/.exec(frame)![1]!;
    expect(frame).toMatch(/body of #1 \(\d+\.\dKiB\) saved as/);
    expect(readFileSync(path, 'utf8')).toBe(longBody);
    rmSync(path, { force: true });
  });
});

describe('the list and the result', () => {
  test('the acknowledgment row puts each value under its heading: method, URL, status, time', async () => {
    ui = renderDashboard({}, { columns: 140, rows: 30 });
    ui.store.append(listening);
    ui.store.append({ type: 'request', label: 'rpc', method: 'POST', url: 'http://127.0.0.1:5050/rpc', headers: { 'content-type': 'application/json' }, body: { id: 1 } });
    ui.store.append({ type: 'ack', label: 'rpc', requestSeq: 2, status: 200, headers: { 'content-type': 'application/json', 'content-length': '64' }, body: { result: true }, durationMs: 37 });
    const frame = await ui.until('37ms');
    const ack = rowOf(frame, '← ack');
    expect(ack.indexOf('POST')).toBe(columnOf(frame, 'METHOD'));
    expect(ack.indexOf('http://127.0.0.1:5050/rpc')).toBe(columnOf(frame, 'PATH / URL'));
    expect(ack.indexOf('200')).toBe(columnOf(frame, 'STS'));
    expect(ack.indexOf('37ms')).toBe(columnOf(frame, 'TOOK'));
    expect(ack.indexOf('64B')).toBe(columnOf(frame, 'SIZE'));
    expect(ack.indexOf('json')).toBe(columnOf(frame, 'TYPE'));
    expect(ack.indexOf('{"result":true}')).toBe(columnOf(frame, 'BODY'));
  });

  test('several callbacks: the result names the fastest and the slowest after the acknowledgment', async () => {
    ui = renderDashboard({ awaited: { count: 3, description: 'callbacks' } }, { columns: 160, rows: 30 });
    ui.store.append(callbackDraft({ path: '/a', sinceAckMs: 900 } as never));
    ui.store.append(callbackDraft({ path: '/b', sinceAckMs: 300 } as never));
    ui.store.append(callbackDraft({ path: '/c', sinceAckMs: 2500 } as never));
    ui.store.append({ type: 'result', pass: true, exitCode: 0, callbacks: 3, durationMs: 2600 });
    let frame = await ui.until('✓ passed');
    expect(frame).toContain('✓ passed · 3 callbacks in 2.6s · fastest +300ms (#2) · slowest +2.5s (#3) after the acknowledgment');
    await ui.press('\r');
    frame = await ui.until('── #4 result');
    expect(frame).toContain('fastest +300ms (#2) · slowest +2.5s (#3) after the acknowledgment');
  });
});

describe('lines that must be copied are printed whole', () => {
  const loginUrl = `http://127.0.0.1:5050/oauth/authorize?response_type=code&client_id=demo&redirect_uri=${encodeURIComponent('http://127.0.0.1:41234/cb/abcdefghijklmnop')}&state=s-${'x'.repeat(40)}&code_challenge=${'c'.repeat(43)}&code_challenge_method=S256`;

  test('a status line longer than the terminal gets rows of its own, every character kept, and stays after a key', async () => {
    ui = renderDashboard({ statusLine: `open this URL to log in: ${loginUrl}` }, { columns: 80, rows: 30 });
    const narrow = (text: string) => text.split('\n').every((line) => line.length <= 80);
    let frame = await ui.until((text) => text.includes('open this URL') && narrow(text));
    const joined = (text: string) => text.split('\n').join('');
    expect(joined(frame)).toContain(loginUrl);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    ui.store.append(callbackDraft());
    await ui.until('/hooks/order');
    await ui.press('s');
    frame = await ui.until('saved as');
    expect(joined(frame)).toContain(loginUrl);
    expect(frame.split('\n').at(-1)).toContain('↑↓/jk select');
  });

  test('at narrow widths the receiver and public URLs each get their own line, never cut', async () => {
    const publicUrl = 'https://a-rather-long-subdomain-name-for-a-tunnel.example-tunnel-service.dev';
    ui = renderDashboard({}, { columns: 60, rows: 24 });
    ui.store.append({ ...listening, url: 'http://127.0.0.1:40123', publicUrl });
    const frame = await ui.until((text) => text.includes('public') && text.split('\n').every((line) => line.length <= 60));
    const lines = frame.split('\n');
    expect(lines[1]).toBe('receiver http://127.0.0.1:40123');
    expect(lines[2]).toBe('public');
    expect(lines.slice(3, 5).join('')).toBe(publicUrl);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
  });
});
