// Shared pieces of `npm run bench`: spawning servers on a known port, loading them, reading a process's memory.
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const BIN = here('../bin/cbtest.js');

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `node ...args` with its stdout to /dev/null (as a user's redirect would) and waits until `url` answers. */
export async function startServer(args, url) {
  const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1' }, stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'] });
  let exited = null;
  child.once('exit', (code) => (exited = code));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (exited !== null) throw new Error(`${args.join(' ')} exited ${exited} before listening`);
    try {
      await fetch(url, { method: 'OPTIONS' });
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${url} never answered`);
}

export function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** autocannon for `seconds`, or for `amount` requests; throughput averaged over its one-second samples. */
export async function load(url, { seconds, amount, connections, body, contentType = 'application/json' }) {
  const options = { url, method: 'POST', connections, body, headers: { 'content-type': contentType }, ...(amount ? { amount } : { duration: seconds }) };
  const result = await autocannon(options);
  return { rps: result.requests.average, sent: result['2xx'], errors: result.errors + result.timeouts + result.non2xx };
}

/** The process's resident memory now and at its peak, in MB (Linux /proc). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rssMb: field('VmRSS'), peakMb: field('VmHWM') };
}

/** CPU seconds (user + system) the process has used so far (Linux /proc, in clock ticks of 10 ms). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Median wall time of each command over `runs` rounds, the commands taking turns within each round, so that a drift
 * in the machine's speed lands on all of them alike instead of on whichever ran last.
 */
export function medianRunsMs(commands, runs = 11) {
  const times = commands.map(() => []);
  for (let round = 0; round < runs; round += 1) {
    commands.forEach(([command, args], index) => {
      const started = process.hrtime.bigint();
      spawnSync(command, args, { stdio: 'ignore' });
      times[index].push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  }
  return times.map(median);
}

/** Counts the callback lines of an NDJSON record without holding the file in memory. */
export async function countCallbacks(path) {
  const { createReadStream } = await import('node:fs');
  const needle = Buffer.from('{"type":"callback"');
  let count = 0;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let at = data.indexOf(needle);
    let last = 0;
    while (at !== -1) {
      count += 1;
      last = at + needle.length;
      at = data.indexOf(needle, last);
    }
    carry = data.subarray(Math.max(last, data.length - needle.length));
  }
  return count;
}

const results = [];

/** Prints one figure beside its target; the bench exits 1 when any target is missed. */
export function figure(label, text, target, ok) {
  results.push(ok);
  console.log(`${label.padEnd(44)} ${text.padEnd(40)} target ${target.padEnd(14)} ${ok === null ? '(info)' : ok ? 'ok' : 'MISSED'}`);
}

export const missedTargets = () => results.filter((ok) => ok === false).length;
