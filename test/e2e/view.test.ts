import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { BIN, runCliToEnd } from '../helpers/cli.js';
import { hasTmux, ROOT, TmuxSession } from '../helpers/tmux-session.js';
import { startRecordingReceiver, type RecordingReceiver } from '../serve/recording-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'cbtest-view-'));
const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 9, 30, 0, ms)).toISOString();
const base64 = (text: string) => Buffer.from(text).toString('base64');

function callback(seq: number, path: string, body: string, extra: object = {}) {
  return {
    type: 'callback', seq, at: at(seq * 10), method: 'POST', path, query: { attempt: '1' }, headers: { 'content-type': 'application/json', 'x-trace': 't-1' },
    body: JSON.parse(body), bodyText: body, bodyBase64: base64(body), size: Buffer.byteLength(body), contentType: 'application/json',
    remote: '127.0.0.1:5000', response: { status: 200 }, matched: true, ...extra,
  };
}

// Two runs appended to one file, as `--record` leaves them; the second has a payload that tries to clear the screen.
const firstRun = [
  { type: 'listening', seq: 1, at: at(0), url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null, runId: 'r-old' },
  callback(2, '/old', '{"n":0}'),
  { type: 'result', seq: 3, at: at(30), pass: true, exitCode: 0, callbacks: 1, durationMs: 30, runId: 'r-old' },
];
const secondRun = [
  { type: 'listening', seq: 1, at: at(100), url: 'http://127.0.0.1:4000', publicUrl: null, certPath: null, runId: 'r-new' },
  callback(2, '/orders', '{"id":"o-1","status":"paid"}'),
  callback(3, '/evil', '{"note":"\\u001b[2Jcleared?"}'),
  { type: 'delivery', seq: 4, at: at(140), key: 'msg_1' },
  { type: 'assertion', seq: 5, at: at(150), expr: '$.body.status == "paid"', pass: false, actual: null, eventSeq: 3, message: '$.body.status == "paid": no value at path' },
  { type: 'result', seq: 6, at: at(160), pass: false, exitCode: 1, callbacks: 2, durationMs: 60, reason: '$.body.status == "paid": no value at path (event #3)', runId: 'r-new' },
];
const lines = [...firstRun, ...secondRun].map((event) => JSON.stringify(event));
const record = join(dir, 'events.ndjson');
writeFileSync(record, `${lines.join('\n')}\n`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cbtest view in plain and json mode', () => {
  test('plain prints the recorded lines as plain mode would have, for the last run, and says which run it is', async () => {
    const view = await runCliToEnd(['view', record]);
    expect(view.code).toBe(0);
    expect(view.stdout.split('\n')).toEqual([
      'listening http://127.0.0.1:4000',
      '● 09:30:00.020  callback  POST  /orders?attempt=1  → 200  28B  application/json  {"id":"o-1","status":"paid"}',
      '● 09:30:00.030  callback  POST  /evil?attempt=1  → 200  28B  application/json  {"note":"\\u001b[2Jcleared?"}',
      '✗ $.body.status == "paid": no value at path (event #3)',
      'FAIL 2 callbacks in 60ms, exit 1: $.body.status == "paid": no value at path (event #3)',
      '',
    ]);
    expect(view.stderr).toContain(`${record} holds 2 runs; using the last, run 2 of 2 (runId r-new, from line 4); --run N or --run RUNID picks another`);
    expect(view.stderr).toContain('1 events of types this cbtest does not draw (delivery) are left out; --json re-emits them');
  });

  test('--json re-emits the chosen run exactly as recorded; --run picks another', async () => {
    const json = await runCliToEnd(['view', record, '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(`${lines.slice(3).join('\n')}\n`);
    const first = await runCliToEnd(['view', record, '--json', '--run', 'r-old']);
    expect(first.stdout).toBe(`${lines.slice(0, 3).join('\n')}\n`);
    expect(first.stderr).toBe('');
    expect((await runCliToEnd(['view', record, '--run', '7'])).code).toBe(2);
  });

  test('plain view never loads Ink or React', () => {
    const log = join(dir, 'modules.txt');
    const hook = join(ROOT, 'test/fixtures/log-modules.mjs');
    const result = spawnSync(process.execPath, ['--import', hook, BIN, 'view', record], { env: { ...process.env, CI: '1', CBTEST_MODULE_LOG: log }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status, result.stderr).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n');
    expect(loaded.some((url) => url.includes('/dist/record/view-command.js'))).toBe(true);
    expect(loaded.filter((url) => /node_modules\/(ink|react)\//.test(url) || url.includes('/dist/ui/'))).toEqual([]);
  });

  test('a file that is not a record is exit 2 naming the line', async () => {
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, `${lines[0]}\n${lines[1]}\n{"type":"callback","seq":3,"at":"${at(0)}","method":"POST"}\n`);
    const view = await runCliToEnd(['view', broken]);
    expect(view).toMatchObject({ code: 2, stdout: '' });
    expect(view.stderr).toBe(`cbtest: ${broken}:3: callback event has no "path"; a record is what --record or --json wrote: one JSON event per line\n`);
  });
});

describe.skipIf(!hasTmux)('cbtest view in the dashboard (tmux)', () => {
  let terminal: TmuxSession | undefined;
  let receiver: RecordingReceiver | undefined;
  afterEach(async () => {
    terminal?.close();
    await receiver?.close();
  });

  test('the recorded run is browsable: rows, escaped payloads, details, filter, curl, r replays to --to, q exits 0', async () => {
    expect(existsSync(join(ROOT, 'dist/ui/mount-dashboard.js'))).toBe(true);
    receiver = await startRecordingReceiver();
    terminal = new TmuxSession();
    terminal.start(`view ${record} --to ${receiver.url}/app`);
    let screen = await terminal.until('/evil');
    const rows = screen.split('\n');
    expect(rows[0]).toMatch(/^cbtest view .*events\.ndjson · recorded 2026-12-01 09:30:00/);
    expect(rows[0]).toMatch(/2 callbacks · 2 matched · 0 probes$/);
    expect(screen).toContain('\\u001b[2Jcleared?');
    expect(screen).toMatch(/✗ failed: \$\.body\.status == "paid": no value at path \(event #3\) · exit 1 · q to quit/);

    // Up from the result row to the /orders callback, then open its details.
    terminal.keys('/');
    terminal.keys('-l', 'orders');
    terminal.keys('Enter');
    await terminal.until('filter "orders": 1 of');
    terminal.keys('Enter');
    screen = await terminal.until('── #2 callback');
    expect(screen).toContain('"status": "paid"');

    terminal.keys('c');
    screen = await terminal.until(/saved as \S+\.sh/);
    expect(screen).toContain(`curl -X POST '${receiver.url}/app/orders?attempt=1'`);
    rmSync(/saved as (\S+\.sh)/.exec(screen)![1]!, { force: true });

    terminal.keys('r');
    await terminal.until('replayed #2 to http://127.0.0.1:');
    const [replayed] = await receiver.waitForPosts(1);
    expect(replayed).toMatchObject({ path: '/app/orders?attempt=1', text: '{"id":"o-1","status":"paid"}' });
    expect(replayed!.headers['x-trace']).toBe('t-1');

    terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
  }, 60_000);
});
