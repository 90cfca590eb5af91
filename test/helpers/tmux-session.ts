import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// The dashboard only mounts on an interactive terminal without CI set; colour settings are the terminal's.
const TERMINAL_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !['CI', 'NO_COLOR', 'FORCE_COLOR', 'TMUX', 'TMUX_PANE'].includes(name)),
) as NodeJS.ProcessEnv;

let sessions = 0;

type ScreenCheck = string | RegExp | ((screen: string) => boolean);

/**
 * One private tmux server running the built binary in a terminal (120x40 unless told), as a person at a keyboard
 * would: read the screen, type keys, send signals, read the exit code. The pane stays after cbtest exits, so what it
 * left on the screen can still be read until close().
 */
export class TmuxSession {
  readonly socket = `cbtest-tmux-${process.pid}-${(sessions += 1)}`;
  private readonly exitFile = join(tmpdir(), `${this.socket}.exit`);
  private readonly pidFile = join(tmpdir(), `${this.socket}.pid`);
  private readonly scriptFile = join(tmpdir(), `${this.socket}.sh`);

  constructor(private readonly size = { columns: 120, rows: 40 }) {}

  /**
   * `args` is shell text after `cbtest`, quoted as at a prompt; `stdin` redirects its input (e.g. '/dev/null': no
   * keyboard). The command goes through a script file, so no second layer of quoting is needed.
   */
  start(args: string, options: { stdin?: string } = {}): void {
    // The script records its pid and becomes cbtest (exec), so a signal sent to the pid reaches cbtest itself.
    writeFileSync(this.scriptFile, `echo $$ > ${this.pidFile}\nexec env -u CI node bin/cbtest.js ${args}\n`);
    const input = options.stdin ? ` < ${options.stdin}` : '';
    // The sleep keeps the pane (and what cbtest left on it) until close().
    const command = `sh ${this.scriptFile}${input}; echo EXIT=$? > ${this.exitFile}; sleep 600`;
    execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', 'new-session', '-d', '-x', String(this.size.columns), '-y', String(this.size.rows), '-s', 'cbtest', command], {
      cwd: ROOT,
      env: TERMINAL_ENV,
    });
  }

  screen(): string {
    return spawnSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'cbtest'], { encoding: 'utf8' }).stdout ?? '';
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'cbtest', ...keys]);
  }

  /** Sends a signal to the cbtest process from outside, as `kill -TERM` would. */
  signal(signal: NodeJS.Signals): void {
    process.kill(Number(readFileSync(this.pidFile, 'utf8').trim()), signal);
  }

  /** The screen once it shows `check` (a terminal has no event to wait on: it is read every 100 ms). */
  async until(check: ScreenCheck, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = (screen: string) => (typeof check === 'string' ? screen.includes(check) : typeof check === 'function' ? check(screen) : check.test(screen));
    for (;;) {
      const screen = this.screen();
      if (matches(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(check)}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  exited(): boolean {
    return existsSync(this.exitFile) && readFileSync(this.exitFile, 'utf8').includes('\n');
  }

  async exitCode(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.exited()) {
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
    for (const file of [this.exitFile, this.pidFile, this.scriptFile]) rmSync(file, { force: true });
  }
}
