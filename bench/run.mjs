// npm run bench: throughput of `cbtest listen --json --record` against bare servers measured in the same run,
// the lost-callback check (sent == recorded), and `cbtest --version` start-up against `node -e 0`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
// autocannon ends runs on a one-second tick, so a fixed number of requests would time a 2.1s run as 3s:
// throughput comes from a fixed duration instead, averaged over its one-second samples.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const WARMUP_SECONDS = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BODY = JSON.stringify({ jsonrpc: '2.0', id: 'bench', result: { orderId: '12345', status: 'completed', totalAmount: 99.99 } });

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(args, env = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (http:\/\/[\d.:]+)/.exec(out) ?? /"url":"(http:\/\/[\d.:]+)"/.exec(out);
      if (match) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code} before listening`)));
  });
}

async function waitUntilListening(url) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(url, { method: 'OPTIONS' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

async function load(url, seconds = SECONDS) {
  const result = await autocannon({ url: `${url}/bench`, method: 'POST', connections: CONNECTIONS, duration: seconds, body: BODY, headers: { 'content-type': 'application/json' } });
  return { rps: result.requests.average, sent: result['2xx'], errors: result.errors + result.timeouts + result.non2xx };
}

async function measureServer(label, args) {
  const { child, url } = await start(args);
  await load(url, WARMUP_SECONDS); // so every server is measured with a warm JIT
  const result = await load(url);
  await stop(child);
  console.log(`${label.padEnd(34)} ${result.rps.toFixed(0).padStart(7)} req/s  (${result.sent} answered 2xx, ${result.errors} errors)`);
  return result;
}

function medianMs(command, args, runs = 9) {
  const times = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    spawnSync(command, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

console.log(`cbtest benchmark: ${CONNECTIONS} connections, ${SECONDS}s per server after a ${WARMUP_SECONDS}s warm-up, body ${BODY.length} bytes\n`);
const bareHttp = await measureServer('bare node:http', [here('./bare-servers.mjs'), 'http']);
const bareFastify = await measureServer('bare fastify', [here('./bare-servers.mjs'), 'fastify']);

const record = join(mkdtempSync(join(tmpdir(), 'cbtest-bench-')), 'record.ndjson');
// cbtest's NDJSON goes to /dev/null, as a user's redirect would: reading 20 MB through a pipe here would slow the load generator, not cbtest.
const port = await freePort();
const child = spawn(process.execPath, [here('../bin/cbtest.js'), 'listen', '--port', String(port), '--json', '--record', record], {
  env: { ...process.env, CI: '1' },
  stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
await waitUntilListening(url);
const warm = await load(url, WARMUP_SECONDS);
const measured = await load(url);
await stop(child);
const recorded = readFileSync(record, 'utf8').split('\n').filter((line) => line.includes('"type":"callback"')).length;
const sent = warm.sent + measured.sent;
console.log(`${'cbtest listen --json --record'.padEnd(34)} ${measured.rps.toFixed(0).padStart(7)} req/s  (${measured.sent} answered 2xx, ${measured.errors} errors)`);

const version = medianMs(process.execPath, [here('../bin/cbtest.js'), '--version']);
const bareNode = medianMs(process.execPath, ['-e', '0']);

const ratio = measured.rps / bareFastify.rps;
console.log(`
throughput vs bare fastify   ${ratio.toFixed(2)}  (target >= 0.80)  ${ratio >= 0.8 ? 'ok' : 'BELOW TARGET'}
throughput vs bare node:http ${(measured.rps / bareHttp.rps).toFixed(2)}
lost callbacks               ${Math.max(0, sent - recorded)}  (${sent} answered 2xx, all of them must be in the record: ${recorded} recorded, the ${Math.max(0, recorded - sent)} more were in flight when the load generator stopped)  ${sent <= recorded ? 'ok' : 'LOST SOME'}
cbtest --version start-up    ${version.toFixed(0)}ms vs node -e 0 ${bareNode.toFixed(0)}ms = ${(version / bareNode).toFixed(2)}x  (target <= 2x)  ${version / bareNode <= 2 ? 'ok' : 'ABOVE TARGET'}`);
process.exitCode = sent <= recorded ? 0 : 1;
if (spawnSync(process.execPath, [here('./suite-bench.mjs')], { stdio: 'inherit' }).status !== 0) process.exitCode = 1; // cbtest run: 50 cases under 5s
if (spawnSync(process.execPath, [here('./relay-bench.mjs')], { stdio: 'inherit' }).status !== 0) process.exitCode = 1; // the relay: callbacks/s through one and two instances, added latency
