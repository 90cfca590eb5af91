import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { hasTmux, ROOT, TmuxSession } from '../helpers/tmux-session.js';

async function post(url: string, body: string, contentType: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
  await response.body.dump();
  return response.statusCode;
}

describe.skipIf(!hasTmux)('the live dashboard in a real terminal (tmux)', () => {
  let terminal: TmuxSession | undefined;
  const scripts: string[] = [];

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/ui/mount-dashboard.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  });
  afterEach(() => {
    terminal?.close();
    for (const script of scripts.splice(0)) rmSync(script, { force: true });
  });

  test('listen: rows appear, escape sequences stay text, details, curl script and replay resend, q exits 0', async () => {
    terminal = new TmuxSession();
    terminal.start('listen --port 0');
    const url = await terminal.receiverUrl();

    expect(await post(`${url}/orders?attempt=1`, '{"id":"o-1","total":12345678901234567890}', 'application/json')).toBe(200);
    expect(await post(`${url}/evil`, 'clear\u001b[2J then \u001b[31mRED\u001b[0m and \u001b]0;pwned\u0007', 'text/plain')).toBe(200);
    let screen = await terminal.until('/evil');
    const lines = screen.split('\n');
    // Nothing was cleared or retitled: the header is still on the first line, and the sequences show as text.
    expect(lines[0]).toMatch(/^cbtest listen {2,}\d+s {2}2 callbacks · 2 matched · 0 probes$/);
    expect(screen).toContain('clear\\u001b[2J then \\u001b[31mRED');
    expect(lines.find((line) => line.includes('/orders'))).toMatch(/✓ callback POST\s+\/orders\?attempt=1\s+200\s+41B\s+json/);

    terminal.keys('k');
    await terminal.until((text) => /^›.*\/orders/m.test(text));
    terminal.keys('Enter');
    screen = await terminal.until('── #2 callback');
    expect(screen).toContain('"total": 12345678901234567890');
    expect(screen).toMatch(/Query \(1\)\n\s+attempt = 1/);

    terminal.keys('c');
    screen = await terminal.until(/saved as \S+\.sh/);
    const script = /saved as (\S+\.sh)/.exec(screen)![1]!;
    scripts.push(script);
    expect(screen).toContain(`curl -X POST '${url}/orders?attempt=1' \\`);
    execFileSync('sh', [script, '--silent', '--output', '/dev/null']);
    await terminal.until('3 callbacks · 3 matched');

    terminal.keys('r');
    await terminal.until(/replayed #2 to http:\/\/127\.0\.0\.1:\d+: 200/);
    screen = await terminal.until('4 callbacks · 4 matched');
    const resent = screen.split('\n').filter((line) => line.includes('/orders?attempt=1'));
    expect(resent.length).toBeGreaterThanOrEqual(3);

    terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
  });

  test('a failed expectation stays on screen with the verdict until q, then exits 1', async () => {
    terminal = new TmuxSession();
    terminal.start(`listen --port 0 --count 1 --expect '$.body.status == "paid"' --timeout 60s`);
    const url = await terminal.receiverUrl();
    await terminal.until('⧗ waiting 0 of 1');

    await post(`${url}/payments`, '{"status":"done"}', 'application/json', { 'webhook-id': 'msg_tmux_1' });
    const screen = await terminal.until('✗ failed');
    expect(screen).toMatch(/✗ failed: .*\$\.body\.status == "paid".*· exit 1 · q to quit/);
    // The delivery's timeline sits right above the verdict.
    expect(screen).toMatch(/^msg_tmux_1: 1 attempt: \+0s 200\n✗ failed/m);
    expect(screen).toMatch(/✗ expect\s+#\d+ .*\$\.body\.status == "paid"/);
    expect(terminal.exited()).toBe(false);

    terminal.keys('q');
    expect(await terminal.exitCode()).toBe(1);
  });

  test('Ctrl-C while still waiting ends the run with 130', async () => {
    terminal = new TmuxSession();
    terminal.start('listen --port 0 --count 2 --timeout 60s');
    await terminal.until('⧗ waiting 0 of 2');
    terminal.keys('C-c');
    expect(await terminal.exitCode()).toBe(130);
  });

  // Enough to fill the dashboard's window many times over; 5,000 cost a minute of a busy CI box for no more coverage.
  const BURST = 2000;
  test('a burst of 2,000 callbacks from 50 senders: every one recorded, the dashboard keeps answering keys', async () => {
    const record = join(tmpdir(), `cbtest-burst-${process.pid}.ndjson`);
    rmSync(record, { force: true });
    terminal = new TmuxSession();
    terminal.start(`listen --port 0 --record ${record}`);
    const url = await terminal.receiverUrl();

    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < BURST) {
        const index = (next += 1);
        await post(`${url}/burst/${index}`, JSON.stringify({ index }), 'application/json');
      }
    };
    await Promise.all(Array.from({ length: 50 }, sender));
    await terminal.until(`${BURST} callbacks · ${BURST} matched`, 30_000);

    terminal.keys('k');
    await terminal.until((text) => /^›.*\/burst\/\d+/m.test(text), 5_000);
    terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
    const callbacks = readFileSync(record, 'utf8').split('\n').filter((line) => line.includes('"type":"callback"'));
    expect(callbacks).toHaveLength(BURST);
    rmSync(record, { force: true });
  }, 120_000);
});
