import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// The dashboard only mounts on an interactive terminal without CI set; colour settings are the terminal's.
const TERMINAL_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !['CI', 'NO_COLOR', 'FORCE_COLOR', 'TMUX', 'TMUX_PANE'].includes(name)),
) as NodeJS.ProcessEnv;

let sessions = 0;

/** One private tmux server running the built binary in a 120x40 terminal, as a person at a keyboard would. */
export class TmuxTerminal {
  readonly socket = `cbtest-lib-${process.pid}-${(sessions += 1)}`;
  readonly exitFile = join(tmpdir(), `${this.socket}.exit`);

  /** `args` is shell text after `cbtest` (quote what needs quoting). */
  start(args: string): void {
    const command = `env -u CI node bin/cbtest.js ${args}; echo EXIT=$? > ${this.exitFile}`;
    execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', '-s', 'cbtest', command], { cwd: ROOT, env: TERMINAL_ENV });
  }

  screen(): string {
    return spawnSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'cbtest'], { encoding: 'utf8' }).stdout ?? '';
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'cbtest', ...keys]);
  }

  async until(check: string | RegExp | ((screen: string) => boolean), timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = (screen: string) => (typeof check === 'string' ? screen.includes(check) : typeof check === 'function' ? check(screen) : check.test(screen));
    for (;;) {
      const screen = this.screen();
      if (matches(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(check)}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async exitCode(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile) || !readFileSync(this.exitFile, 'utf8').includes('\n')) {
      if (Date.now() > deadline) throw new Error(`cbtest did not exit; the screen:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Number(/EXIT=(\d+)/.exec(readFileSync(this.exitFile, 'utf8'))?.[1]);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.exitFile, { force: true });
  }
}
