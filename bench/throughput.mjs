// Throughput of `cbtest listen --json --record` against a bare fastify server recording the same facts, measured
// in the same run. The machine's speed drifts (other tenants, turbo, the collector's moods), so each round starts a
// fresh pair of servers, warms both, then loads them in short slices taking turns (ABBA...), and the ratio is taken
// slice against slice: a drift lands on both alike instead of on whichever ran second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, countCallbacks, cpuSecondsOf, figure, freePort, here, load, startServer, stop } from './lib.mjs';

const BODY = JSON.stringify({ jsonrpc: '2.0', id: 'bench', result: { orderId: '12345', status: 'completed', totalAmount: 99.99 } });

const baseline = (port, record) => [here('./bare-servers.mjs'), 'fastify-record', String(port), record];
const cbtest = (port, record) => [BIN, 'listen', '--port', String(port), '--json', '--record', record];

async function startMeasured(label, argsFor, dir) {
  const record = join(dir, `${label}.ndjson`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startServer(argsFor(port, record), url);
  return { label, child, record, url: `${url}/bench`, answered: 0, sent: 0, cpuSeconds: 0, errors: 0 };
}

async function slice(server, options) {
  const cpuBefore = cpuSecondsOf(server.child.pid);
  const result = await load(server.url, { ...options, body: BODY });
  server.cpuSeconds += cpuSecondsOf(server.child.pid) - cpuBefore;
  server.sent += result.sent;
  server.answered += result.sent;
  server.errors += result.errors;
  return result.sent;
}

async function round(options) {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-bench-'));
  const servers = [];
  try {
    const bare = await startMeasured('bare', baseline, dir);
    servers.push(bare);
    const ours = await startMeasured('cbtest', cbtest, dir);
    servers.push(ours);
    for (const server of servers) server.answered += (await load(server.url, { ...options, seconds: options.warmupSeconds, body: BODY })).sent;
    const sliceRatios = [];
    for (let index = 0; index < options.slices; index += 1) {
      // bare, cbtest, cbtest, bare, bare, cbtest...: each keeps the same share of first and second places.
      const order = index % 2 === 0 ? [bare, ours] : [ours, bare];
      const [first, second] = [await slice(order[0], options), await slice(order[1], options)];
      const [bareSent, oursSent] = order[0] === bare ? [first, second] : [second, first];
      sliceRatios.push(oursSent / bareSent);
    }
    for (const server of servers) await stop(server.child);
    const recorded = await countCallbacks(ours.record);
    const seconds = options.slices * options.seconds;
    const lost = Math.max(0, ours.answered - recorded);
    for (const server of servers) {
      const label = server === bare ? 'bare fastify recording the same facts' : 'cbtest listen --json --record';
      const cpu = (server.cpuSeconds / server.sent) * 1e6;
      const tail = server === ours ? `; ${recorded} of ${ours.answered} recorded` : '';
      console.log(`  ${label.padEnd(40)} ${(server.sent / seconds).toFixed(0).padStart(7)} req/s, ${cpu.toFixed(0).padStart(4)} µs CPU each  (${server.sent} answered 2xx, ${server.errors} errors${tail})`);
    }
    const ratio = sliceRatios.reduce((sum, value) => sum + value, 0) / sliceRatios.length;
    const cpuRatio = bare.cpuSeconds / bare.sent / (ours.cpuSeconds / ours.sent);
    return { ratio, cpuRatio, lost };
  } finally {
    for (const server of servers) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchThroughput({ rounds, slices, seconds, warmupSeconds, connections }) {
  console.log(`throughput: ${connections} connections, ${rounds} rounds of a fresh pair of servers, each warmed ${warmupSeconds}s then loaded in ${slices} alternating ${seconds}s slices; body ${BODY.length} bytes`);
  const results = [];
  for (let index = 0; index < rounds; index += 1) results.push(await round({ slices, seconds, warmupSeconds, connections }));
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const list = (values) => values.map((value) => value.toFixed(2)).join(', ');
  const ratios = results.map((result) => result.ratio);
  const ratio = mean(ratios);
  // Rounds differ by a few percent (each is a new pair of processes on a shared machine): the standard error says
  // how far the mean of these rounds may be from the mean of many.
  const spread = Math.sqrt(ratios.reduce((sum, value) => sum + (value - ratio) ** 2, 0) / Math.max(1, ratios.length - 1) / ratios.length);
  figure('listen --json --record vs recording fastify', `${ratio.toFixed(2)} ± ${spread.toFixed(2)} (rounds: ${list(ratios)})`, '>= 0.95', ratio >= 0.95);
  // CPU time per callback is what a shared, loaded machine disturbs least: the same ratio, seen from the server's side.
  const cpuRatios = results.map((result) => result.cpuRatio);
  figure('  the same by CPU per callback (fastify/cbtest)', `${mean(cpuRatios).toFixed(2)} (rounds: ${list(cpuRatios)})`, '-', null);
  const lost = results.reduce((sum, result) => sum + result.lost, 0);
  figure('lost callbacks (answered 2xx, not recorded)', String(lost), '0', lost === 0);
}
