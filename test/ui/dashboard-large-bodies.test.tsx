import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { EventStore } from '../../src/core/event-store.js';
import type { CbEventOf } from '../../src/core/events.js';
import { NdjsonRecorder } from '../../src/receiver/recorder.js';
import { callbackDraft, renderDashboard, type Harness } from './helpers.js';

let ui: Harness | undefined;
const cleanups: Array<() => void> = [];
afterEach(() => {
  ui?.unmount();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

// Two 300 KiB bodies against a 512 KiB history budget: the first is held as a preview once the second arrives.
const BUDGET = 512 * 1024;
const bodyOf = (name: string) => `${Array.from({ length: 20_000 }, (_, row) => `${name} row ${String(row).padStart(5, '0')}`).join('\n')}\nTHE-END-OF-${name}\n`;
const first = bodyOf('first');
const second = bodyOf('second');
const plain = { 'content-type': 'text/plain' };

function appendBoth(store: EventStore): void {
  store.append(callbackDraft({ path: '/first', headers: plain, contentType: 'text/plain', bodyText: first }));
  store.append(callbackDraft({ path: '/second', headers: plain, contentType: 'text/plain', bodyText: second }));
  // The history really holds the first body as a preview: what follows reads it back, not the copy in memory.
  const held = store.snapshot().events[0] as CbEventOf<'callback'>;
  expect(held.historyPreview).toEqual({ bytes: 4098 });
  expect(held.bodyText).toHaveLength(4096);
}

async function openFirst(harness: Harness): Promise<string> {
  await harness.until('/second');
  await harness.press('k');
  await harness.press('\r');
  return harness.until('── #1 callback');
}

describe('a large body the history holds as a preview', () => {
  test('with --record: the details pane shows it to its last line, and s saves every byte, read back from the record', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cbtest-large-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const recorder = new NdjsonRecorder(join(folder, 'record.ndjson'));
    const store = new EventStore({ historyBodyBytes: BUDGET, readBack: (seq) => recorder.readBack(seq) });
    store.subscribe((event) => recorder.write(event));
    cleanups.push(() => recorder.close());
    ui = renderDashboard({ store }, { columns: 120, rows: 30 });
    appendBoth(store);

    let frame = await openFirst(ui);
    expect(frame).not.toContain('run with --record');
    await ui.press('G');
    frame = await ui.until('THE-END-OF-first');
    await ui.press('s');
    frame = await ui.until(/saved as \S+\.txt/);
    const saved = /saved as (\S+\.txt)/.exec(frame)![1]!;
    cleanups.push(() => rmSync(saved, { force: true }));
    expect(readFileSync(saved, 'utf8')).toBe(first);

    recorder.commit();
    const lines = readFileSync(join(folder, 'record.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { bodyText: string; bodyBase64: string; historyPreview?: unknown });
    expect(lines.map((line) => line.bodyText)).toEqual([first, second]);
    expect(Buffer.from(lines[0]!.bodyBase64, 'base64').toString()).toBe(first);
    expect(lines[0]!.historyPreview).toBeUndefined();
  });

  test('without a record: the details pane says only the preview is kept, and s refuses instead of saving a cut body', async () => {
    const store = new EventStore({ historyBodyBytes: BUDGET });
    ui = renderDashboard({ store }, { columns: 200, rows: 30 });
    appendBoth(store);
    let frame = await openFirst(ui);
    expect(frame).toContain("#1's body is kept in memory as its first 4.0KiB of 312.5KiB; run with --record to keep every body whole");
    await ui.press('s');
    frame = await ui.until('not saved: #1');
    expect(frame).not.toContain('saved as');
  });
});
