import { rmSync } from 'node:fs';
import chalk from 'chalk';
import { afterEach, describe, expect, test } from 'vitest';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
const chalkLevel = chalk.level;
afterEach(() => {
  ui?.unmount();
  chalk.level = chalkLevel;
});

const HOSTILE = 'clear\u001b[2J red\u001b[31mRED title\u001b]0;pwned\u0007 csi\u009b2J bell\u0007 bidi\u202eevil';
// Ink's own styling (bold, dim, inverse) is allowed; anything else starting with ESC came from a payload.
const OWN_STYLES = /\u001b\[(?:0|1|2|7|22|27|39|49)m/g;

function assertNothingRaw(frame: string): void {
  expect(frame).not.toContain('\u001b[2J');
  expect(frame).not.toContain('\u001b[31m');
  expect(frame).not.toContain('\u001b]0;');
  expect(frame).not.toMatch(/[\u0007\u009b\u202e]/);
  expect(frame.replace(OWN_STYLES, '')).not.toContain('\u001b');
}

describe('payload text never reaches the terminal raw', () => {
  test('escape sequences in a body, path, header and note are shown as text in the list and the details', async () => {
    ui = renderDashboard({ title: 'cbtest listen \u001b]0;title\u0007' }, { columns: 160, rows: 40 });
    ui.store.append({ type: 'listening', url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null });
    ui.store.append(
      callbackDraft({
        path: '/evil\u001b[2J',
        headers: { 'content-type': 'text/plain', 'x-evil': 'a\u001b[31mb' },
        contentType: 'text/plain',
        bodyText: HOSTILE,
        bodyBase64: Buffer.from(HOSTILE).toString('base64'),
        size: Buffer.byteLength(HOSTILE),
        matched: false,
        note: 'note\u001b[2J',
      }),
    );
    let frame = await ui.until('/evil');
    expect(frame).toContain('/evil\\u001b[2J');
    expect(frame).toContain('clear\\u001b[2J red\\u001b[31mRED');
    expect(frame).toContain('cbtest listen \\u001b]0;title\\u0007');
    assertNothingRaw(frame);

    await ui.press('\r');
    frame = await ui.until('── #2 callback');
    expect(frame).toContain('clear\\u001b[2J red\\u001b[31mRED title\\u001b]0;pwned\\u0007 csi\\u009b2J bell\\u0007 bidi\\u202eevil');
    expect(frame).toContain('x-evil: a\\u001b[31mb');
    expect(frame).toContain('note: note\\u001b[2J');
    assertNothingRaw(frame);

    await ui.press('c');
    frame = await ui.until('── curl #2');
    assertNothingRaw(frame);
    expect(frame).toContain('base64 -d');
    const saved = /saved as (\S+\.sh)/.exec(frame)?.[1];
    if (saved) rmSync(saved, { force: true });
  });

  test('JSON strings carrying C1 controls and bidi marks are escaped in the pretty view', async () => {
    const body = JSON.stringify({ msg: 'x\u009b2Jy\u202ez' });
    ui = renderDashboard();
    ui.store.append(callbackDraft({ bodyText: body, bodyBase64: Buffer.from(body).toString('base64'), size: Buffer.byteLength(body) }));
    await ui.until('/hooks/order');
    await ui.press('\r');
    const frame = await ui.until('"msg"');
    expect(frame).toContain('"msg": "x\\u009b2Jy\\u202ez"');
    assertNothingRaw(frame);
  });

  test('a binary body is shown as a hex dump, never as raw bytes', async () => {
    const bytes = Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0x9b, 0x07, 0x41]);
    ui = renderDashboard();
    ui.store.append(callbackDraft({ bodyText: null, bodyBase64: bytes.toString('base64'), size: bytes.length, contentType: 'application/octet-stream' }));
    let frame = await ui.until('<9 bytes binary>');
    await ui.press('\r');
    frame = await ui.until('00000000');
    expect(frame).toContain('00000000  1b 5b 32 4a 00 ff 9b 07  41');
    expect(frame).toContain('|.[2J....A|');
    expect(frame).toContain('Body · 9B · application/octet-stream · binary');
    assertNothingRaw(frame);
  });

  test('color off (NO_COLOR) leaves no colour codes; color on uses them', async () => {
    chalk.level = 1;
    ui = renderDashboard({ color: true });
    ui.store.append(callbackDraft());
    let frame = await ui.until('/hooks/order');
    expect(frame).toMatch(/\u001b\[3[1-7]m/);
    ui.unmount();

    ui = renderDashboard({ color: false });
    ui.store.append(callbackDraft());
    frame = await ui.until('/hooks/order');
    expect(frame).not.toMatch(/\u001b\[(?:3[0-7]|9[0-7]|4[0-7])m/);
    expect(frame.replace(/\u001b\[\d+m/g, '')).toContain('✓ callback');
  });
});
