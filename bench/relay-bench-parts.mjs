// The moving parts of bench/relay-bench.mjs: a throwaway redis-server, cbtest processes as a user starts them,
// autocannon load spread over several URLs, and sequential round trips for latency percentiles.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'undici';
import { BIN, freePort } from './lib.mjs';

// BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes to every cbtest process: NODE_OPTIONS refuses --cpu-prof.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
export const BODY = JSON.stringify({ jsonrpc: '2.0', id: 'bench', result: { orderId: '12345', status: 'completed', totalAmount: 99.99 } });
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].find((path) => existsSync(path)) ?? null;
export const scratch = mkdtempSync(join(tmpdir(), 'cbtest-relay-bench-'));
// Every process this benchmark started, so a run that fails half-way leaves none behind on a shared machine.
const started = new Set();

function launch(command, args, options) {
  const child = spawn(command, args, options);
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Resolves with the first match of `pattern` in what `read()` returns, checked whenever `wake` fires. */
function waitFor(read, pattern, what, child, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: nothing matching ${pattern} within ${timeoutMs}ms`)), timeoutMs);
    const poll = setInterval(() => check(), 50); // a record file has no event to wait on
    const onExit = (code) => finish(new Error(`${what} exited ${code} before it was ready`));
    const finish = (error, match) => {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match);
    };
    const check = () => {
      const match = pattern.exec(read());
      if (match) finish(null, match);
    };
    child.once('exit', onExit);
    check();
  });
}

export async function startRedis() {
  const port = await freePort();
  const child = launch(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', scratch], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await waitFor(() => out, /Ready to accept connections/, 'redis-server', child);
  return { child, url: `redis://127.0.0.1:${port}` };
}

/** `cbtest relay` on a free port; its log stays in memory (a line per client). */
export async function startRelay(redisUrl) {
  const child = launch(process.execPath, [...NODE_ARGS, BIN, 'relay', '--redis', redisUrl, '--port', '0'], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [, url] = await waitFor(() => out, /^relay (http:\/\/\S+)/m, 'cbtest relay', child);
  return { child, url };
}

let records = 0;
/**
 * `cbtest listen --json --record` (NDJSON to /dev/null, as a user's redirect would: a pipe here would slow the load
 * generator); `relayArgs` makes it a relay client. Ready once its record has the listening event.
 */
export async function startListen(relayArgs = []) {
  records += 1;
  const record = join(scratch, `record-${records}.ndjson`);
  const child = launch(process.execPath, [...NODE_ARGS, BIN, 'listen', '--port', '0', ...relayArgs, '--json', '--record', record], {
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
  });
  const read = () => (existsSync(record) ? readFileSync(record, 'utf8') : '');
  const [line] = await waitFor(read, /^\{"type":"listening".*$/m, 'cbtest listen', child);
  const listening = JSON.parse(line);
  return { child, record, url: listening.url, publicUrl: listening.publicUrl ?? listening.url };
}

export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is no /proc. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, 100 a second on Linux
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine so far (ms), from /proc/stat; null where there is none. */
export function machineCpuMs() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = fields[3] + fields[4]; // idle + iowait
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
  } catch {
    return null;
  }
}

export function recordedCallbacks(record) {
  return readFileSync(record, 'utf8').split('\n').filter((line) => line.includes('"type":"callback"')).length;
}

/**
 * Load on every URL at once, `connections` spread evenly; throughput is the sum of autocannon's per-second averages.
 * With `rate`, that many requests a second in all, whatever the machine gives (CPU per callback then compares alike).
 */
export async function loadAll(urls, connections, seconds, rate = 0) {
  const each = Math.max(1, Math.floor(connections / urls.length));
  const paced = rate > 0 ? { overallRate: Math.max(1, Math.round(rate / urls.length)) } : {};
  const results = await Promise.all(
    urls.map((url) => autocannon({ url: `${url}/bench`, method: 'POST', connections: each, duration: seconds, body: BODY, headers: { 'content-type': 'application/json' }, ...paced })),
  );
  return {
    rps: results.reduce((sum, result) => sum + result.requests.average, 0),
    sent: results.reduce((sum, result) => sum + result['2xx'], 0),
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts + result.non2xx, 0),
  };
}

/**
 * Round-trip times (ms) of `rounds` sequential POSTs to each URL, taken in turn so every URL sees the same moments
 * of the machine's load; one kept-alive connection per URL, the first `warmup` rounds not counted.
 */
export async function roundTrips(urls, rounds, warmup = 100) {
  const clients = urls.map((url) => ({ client: new Client(new URL(url).origin, { pipelining: 1 }), path: `${new URL(url).pathname.replace(/\/$/, '')}/latency` }));
  const times = urls.map(() => []);
  for (let round = 0; round < warmup + rounds; round += 1) {
    for (const [index, { client, path }] of clients.entries()) {
      const started = process.hrtime.bigint();
      const response = await client.request({ method: 'POST', path, body: BODY, headers: { 'content-type': 'application/json' } });
      await response.body.dump();
      if (response.statusCode !== 200) throw new Error(`${urls[index]} answered ${response.statusCode}`);
      if (round >= warmup) times[index].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  await Promise.all(clients.map(({ client }) => client.close()));
  return times;
}

export function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Kills whatever is still running (after a failure) and removes the scratch directory. */
export function cleanUp() {
  for (const child of started) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}
