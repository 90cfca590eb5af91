// Throughput of `cbtest listen --json --record` against a bare fastify server recording the same facts, measured
// in alternating rounds of the same run (the machine's load drifts; alternating spreads the drift over both).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, countCallbacks, cpuSecondsOf, figure, freePort, here, load, median, startServer, stop } from './lib.mjs';

const BODY = JSON.stringify({ jsonrpc: '2.0', id: 'bench', result: { orderId: '12345', status: 'completed', totalAmount: 99.99 } });

async function measure(label, argsFor, options) {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-bench-'));
  const record = join(dir, 'record.ndjson');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startServer(argsFor(port, record), url);
  try {
    const warm = await load(`${url}/bench`, { ...options, seconds: options.warmupSeconds, body: BODY });
    const cpuBefore = cpuSecondsOf(child.pid);
    const measured = await load(`${url}/bench`, { ...options, body: BODY });
    const cpuMicros = ((cpuSecondsOf(child.pid) - cpuBefore) / measured.sent) * 1e6;
    await stop(child);
    const answered = warm.sent + measured.sent;
    const recorded = await countCallbacks(record);
    console.log(`  ${label.padEnd(40)} ${measured.rps.toFixed(0).padStart(7)} req/s, ${cpuMicros.toFixed(0).padStart(4)} µs CPU each  (${measured.sent} answered 2xx, ${measured.errors} errors; ${recorded} of ${answered} recorded)`);
    return { rps: measured.rps, cpuMicros, lost: Math.max(0, answered - recorded) };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const baseline = (port, record) => [here('./bare-servers.mjs'), 'fastify-record', String(port), record];
const cbtest = (port, record) => [BIN, 'listen', '--port', String(port), '--json', '--record', record];

export async function benchThroughput({ rounds, seconds, warmupSeconds, connections }) {
  console.log(`throughput: ${connections} connections, ${seconds}s per server after ${warmupSeconds}s warm-up, ${rounds} alternating rounds, body ${BODY.length} bytes`);
  const ratios = [];
  const cpuRatios = [];
  let lost = 0;
  for (let round = 0; round < rounds; round += 1) {
    const bare = await measure('bare fastify recording the same facts', baseline, { seconds, warmupSeconds, connections });
    const ours = await measure('cbtest listen --json --record', cbtest, { seconds, warmupSeconds, connections });
    lost += ours.lost;
    ratios.push(ours.rps / bare.rps);
    cpuRatios.push(bare.cpuMicros / ours.cpuMicros);
  }
  const ratio = median(ratios);
  figure('listen --json --record vs recording fastify', `${ratio.toFixed(2)} (rounds: ${ratios.map((value) => value.toFixed(2)).join(', ')})`, '>= 0.95', ratio >= 0.95);
  // CPU time per callback is what a shared, loaded machine disturbs least: the same ratio, seen from the server's side.
  const cpuRatio = median(cpuRatios);
  figure('  the same by CPU per callback (fastify/cbtest)', `${cpuRatio.toFixed(2)} (rounds: ${cpuRatios.map((value) => value.toFixed(2)).join(', ')})`, '-', null);
  figure('lost callbacks (answered 2xx, not recorded)', String(lost), '0', lost === 0);
}
