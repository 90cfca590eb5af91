import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// The dashboard only mounts on an interactive terminal without CI set; colour settings are the terminal's.
const TERMINAL_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !['CI', 'NO_COLOR', 'FORCE_COLOR', 'TMUX', 'TMUX_PANE'].includes(name)),
) as NodeJS.ProcessEnv;

let sessions = 0;

/** One private tmux server running one command in a 120x40 terminal. */
class Terminal {
  readonly socket = `cbtest-e2e-${process.pid}-${(sessions += 1)}`;
  readonly exitFile = join(tmpdir(), `${this.socket}.exit`);

  start(args: string): void {
    const command = `env -u CI node bin/cbtest.js ${args}; echo EXIT=$? > ${this.exitFile}`;
    execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', '-s', 'cbtest', `sh -c '${command}'`], {
      cwd: ROOT,
      env: TERMINAL_ENV,
    });
  }

  screen(): string {
    const result = spawnSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'cbtest'], { encoding: 'utf8' });
    return result.stdout ?? '';
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'cbtest', ...keys]);
  }

  async until(check: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = (screen: string) => (typeof check === 'string' ? screen.includes(check) : typeof check === 'function' ? check(screen) : check.test(screen));
    for (;;) {
      const screen = this.screen();
      if (matches(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(check)}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async exitCode(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile) || !readFileSync(this.exitFile, 'utf8').includes('\n')) {
      if (Date.now() > deadline) throw new Error(`cbtest did not exit; the screen:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Number(/EXIT=(\d+)/.exec(readFileSync(this.exitFile, 'utf8'))?.[1]);
  }

  /** The receiver URL from the header, once it is listening. */
  async receiverUrl(): Promise<string> {
    const screen = await this.until(/receiver http:\/\/127\.0\.0\.1:\d+/);
    return /receiver (http:\/\/127\.0\.0\.1:\d+)/.exec(screen)![1]!;
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.exitFile, { force: true });
  }
}

async function post(url: string, body: string, contentType: string): Promise<number> {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': contentType } });
  await response.body.dump();
  return response.statusCode;
}

describe.skipIf(!hasTmux)('the live dashboard in a real terminal (tmux)', () => {
  let terminal: Terminal | undefined;
  const scripts: string[] = [];

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/ui/mount-dashboard.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  });
  afterEach(() => {
    terminal?.close();
    for (const script of scripts.splice(0)) rmSync(script, { force: true });
  });

  test('listen: rows appear, escape sequences stay text, details, curl script and replay resend, q exits 0', async () => {
    terminal = new Terminal();
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
    terminal = new Terminal();
    terminal.start(`listen --port 0 --count 1 --expect '"'"'$.body.status == "paid"'"'"' --timeout 60s`);
    const url = await terminal.receiverUrl();
    await terminal.until('⧗ waiting 0 of 1');

    await post(`${url}/payments`, '{"status":"done"}', 'application/json');
    const screen = await terminal.until('✗ failed');
    expect(screen).toMatch(/✗ failed: .*\$\.body\.status == "paid".*· exit 1 · q to quit/);
    expect(screen).toMatch(/✗ expect\s+#\d+ .*\$\.body\.status == "paid"/);
    expect(existsSync(terminal.exitFile)).toBe(false);

    terminal.keys('q');
    expect(await terminal.exitCode()).toBe(1);
  });

  test('Ctrl-C while still waiting ends the run with 130', async () => {
    terminal = new Terminal();
    terminal.start('listen --port 0 --count 2 --timeout 60s');
    await terminal.until('⧗ waiting 0 of 2');
    terminal.keys('C-c');
    expect(await terminal.exitCode()).toBe(130);
  });

  test('a burst of 5,000 callbacks: every one recorded, the dashboard keeps answering keys', async () => {
    const record = join(tmpdir(), `cbtest-burst-${process.pid}.ndjson`);
    rmSync(record, { force: true });
    terminal = new Terminal();
    terminal.start(`listen --port 0 --record ${record}`);
    const url = await terminal.receiverUrl();

    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < 5000) {
        const index = (next += 1);
        await post(`${url}/burst/${index}`, JSON.stringify({ index }), 'application/json');
      }
    };
    await Promise.all(Array.from({ length: 50 }, sender));
    await terminal.until('5000 callbacks · 5000 matched', 20_000);

    terminal.keys('k');
    await terminal.until((text) => /^›.*\/burst\/\d+/m.test(text), 5_000);
    terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
    const callbacks = readFileSync(record, 'utf8').split('\n').filter((line) => line.includes('"type":"callback"'));
    expect(callbacks).toHaveLength(5000);
    rmSync(record, { force: true });
  }, 60_000);
});
