import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { parseNdjson, runCli, type CliRun } from '../helpers/cli.js';

/** Where redis-server is, or null: the relay tests then skip with a message saying how to install it. */
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].find((path) => existsSync(path)) ?? null;
export const SKIP_REASON = 'redis-server is not installed (apt-get install redis-server); the relay tests need a real Redis';
if (!REDIS_SERVER) console.warn(`skipping the relay tests: ${SKIP_REASON}`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free port with its own directory and no persistence. */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-redis-'));
  const port = await freePort();
  const child = spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForOutput(child, /Ready to accept connections/, 15_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${seen}`)));
  });
}

export interface TestRelay {
  url: string;
  run: CliRun;
}

/** Every relay a test file started, so its afterAll stops them even when starting one of them failed. */
export const startedRelays: CliRun[] = [];

/** `cbtest relay` as a user starts it, on a free port (generous wait: a loaded CI machine starts Node slowly). */
export async function startRelayInstance(redisUrl: string, extra: string[] = []): Promise<TestRelay> {
  const run = runCli(['relay', '--redis', redisUrl, '--port', '0', ...extra]);
  startedRelays.push(run);
  const line = await run.waitForLine(/^relay http:\/\//, 45_000);
  return { url: /^relay (\S+)/.exec(line)![1]!, run };
}

export async function stopAll(runs: Array<CliRun | undefined>): Promise<void> {
  await Promise.all(
    runs.map(async (run) => {
      if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
      run.kill('SIGTERM');
      await run.exited;
    }),
  );
}

/** The public URL a `listen --json` run got, from its listening event. */
export async function publicUrlOf(run: CliRun): Promise<string> {
  const line = await run.waitForLine(/"type":"listening"/, 30_000);
  return String((JSON.parse(line) as { publicUrl: string }).publicUrl);
}

/** The same channel path, on another relay instance (what a load balancer does). */
export function onInstance(channelUrl: string, relayUrl: string): string {
  return `${relayUrl}${new URL(channelUrl).pathname}`;
}

/** Resolves when the run printed `count` events matching `predicate` (an event, never a sleep). */
export async function waitForEvents(run: CliRun, predicate: (event: Record<string, unknown>) => boolean, count: number, timeoutMs = 20_000): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = parseNdjson(run.stdout().slice(0, run.stdout().lastIndexOf('\n') + 1)).filter(predicate);
    if (matching.length >= count) return matching;
    if (Date.now() > deadline || run.child.exitCode !== null) {
      throw new Error(`waited for ${count} events, saw ${matching.length}\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      run.child.stdout.once('data', wake);
      void run.exited.then(wake);
    });
  }
}

export async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await request(url, { method: 'POST', body, headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}
