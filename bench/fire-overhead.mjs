// What `cbtest fire --rpc` adds to the producer's own delay: from sending the request to recording the callback,
// minus the producer's processing delay, over several runs against `cbtest serve` on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { BIN, figure, median } from './lib.mjs';

const DELAY_MS = 50;

function startProducer() {
  const args = [BIN, 'serve', '--port', '0', '--allow-http', '--probe', 'none', '--processing-delay', `${DELAY_MS}ms`];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /serving (http:\/\/[\d.:]+)/.exec(out);
      if (match) {
        child.stdout.resume();
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`cbtest serve exited ${code}`)));
  });
}

/**
 * The same producer driven by a bare node:http client and receiver in this process: what the producer itself takes
 * beyond its delay (its ack, its timer, its delivery), so that the figure below is what cbtest adds, not serve.
 */
async function bareRoundTrips(producerUrl, runs) {
  const times = [];
  let started = 0;
  let arrived = () => {};
  const receiver = createServer((request, response) => {
    const at = performance.now();
    request.resume();
    request.on('end', () => {
      response.end('ok');
      arrived(at);
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${receiver.address().port}/cb`;
  try {
    for (let run = 0; run < runs; run += 1) {
      const callback = new Promise((resolve) => (arrived = resolve));
      started = performance.now();
      const body = JSON.stringify({ jsonrpc: '2.0', id: run, method: 'OrderService.processOrder', params: { orderId: '1', '$rpc.callback': callbackUrl } });
      const ack = await fetch(`${producerUrl}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await ack.text();
      times.push((await callback) - started - DELAY_MS);
    }
  } finally {
    receiver.close();
  }
  return median(times);
}

export async function benchFireOverhead({ runs }) {
  const producer = await startProducer();
  const bare = await bareRoundTrips(producer.url, runs);
  const overheads = [];
  const wholeRuns = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const fired = spawnSync(process.execPath, [BIN, 'fire', '--rpc', `${producer.url}/rpc`, '--method', 'OrderService.processOrder', '--params', '{"orderId":"1"}', '--json', '--timeout', '30s'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
      const events = fired.stdout.trim().split('\n').map((line) => JSON.parse(line));
      const request = events.find((event) => event.type === 'request');
      const callback = events.find((event) => event.type === 'callback');
      const result = events.find((event) => event.type === 'result');
      if (fired.status !== 0 || !request || !callback) throw new Error(`fire --rpc failed (exit ${fired.status}): ${fired.stderr}`);
      overheads.push(Date.parse(callback.at) - Date.parse(request.at) - DELAY_MS);
      wholeRuns.push(result.durationMs - DELAY_MS);
    }
  } finally {
    producer.child.kill('SIGINT');
  }
  const p50 = median(overheads) - bare;
  figure('producer alone beyond its delay, p50', `${bare.toFixed(1)}ms (bare node:http client and receiver, same serve)`, '-', null);
  figure('fire --rpc overhead over the producer, p50', `${p50.toFixed(0)}ms (${runs} runs of a fresh process, delay ${DELAY_MS}ms)`, '<= 5ms', p50 <= 5);
  figure('fire --rpc whole run beyond the delay, p50', `${median(wholeRuns).toFixed(0)}ms (start, listen, fire, verdict)`, '-', null);
}
