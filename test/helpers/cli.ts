import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/cbtest.js', import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching, or rejects after `timeoutMs` showing what was printed. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or 128+n for a signal). */
  exited: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
}

/** Spawns the built binary as a user runs it; CI=1 unless the caller overrides, so output is plain. */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string; cwd?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, CI: '1', NO_COLOR: '1', ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, cwd: options.cwd ?? process.cwd() });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 9)));
  });
  // Generous: a spawned node process on a loaded 2-core CI box can take seconds just to start.
  const waitForLine = (pattern: RegExp, timeoutMs = 25_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs}ms\nstdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
      const check = (): void => {
        const line = out.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) {
          clearTimeout(timer);
          resolve(line);
        } else {
          waiters.push(check);
        }
      };
      void exited.then(() => {
        const line = out.split('\n').find((candidate) => pattern.test(candidate));
        if (line === undefined) {
          clearTimeout(timer);
          reject(new Error(`exited before a line matching ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        }
      });
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitForLine, exited, kill: (signal = 'SIGINT') => child.kill(signal) };
}

/** Runs the binary to completion. */
export async function runCliToEnd(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = runCli(args, options);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** The NDJSON events printed by a `--json` run. */
export function parseNdjson(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The receiver URL from a `--json` run's first event. */
export async function listeningUrl(run: CliRun): Promise<string> {
  const line = await run.waitForLine(/"type":"listening"/);
  return (JSON.parse(line) as { url: string }).url;
}
