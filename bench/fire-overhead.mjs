// What `cbtest fire --rpc` adds to the producer's own delay: from sending the request to recording the callback,
// minus the producer's processing delay, over several runs against `cbtest serve` on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
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
 * Stamped as cbtest stamps: the request when it is on the wire, the callback when its body is in.
 */
async function startBareRoundTrips(producerUrl) {
  let arrived = () => {};
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrived(performance.now());
      response.end('ok');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${receiver.address().port}/cb`;
  const agent = new Agent({ keepAlive: true });
  let id = 0;
  async function roundTrip() {
    const callback = new Promise((resolve) => (arrived = resolve));
    id += 1;
    const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'OrderService.processOrder', params: { orderId: '1', '$rpc.callback': callbackUrl } });
    let sentAt = 0;
    const ackAt = await new Promise((resolve, reject) => {
      const sent = request(`${producerUrl}/rpc`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (answer) => {
        answer.resume();
        answer.on('end', () => resolve(performance.now()));
      });
      sent.on('finish', () => (sentAt = performance.now()));
      sent.on('error', reject);
      sent.end(body);
    });
    return { overhead: (await callback) - sentAt - DELAY_MS, ack: ackAt - sentAt };
  }
  return { roundTrip, close: () => (agent.destroy(), receiver.close()) };
}

/** One fresh `cbtest fire --rpc` process, as a user runs it: its events and how long the process took. */
function fireOnce(producerUrl) {
  const started = performance.now();
  const fired = spawnSync(process.execPath, [BIN, 'fire', '--rpc', `${producerUrl}/rpc`, '--method', 'OrderService.processOrder', '--params', '{"orderId":"1"}', '--json', '--timeout', '30s'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const processMs = performance.now() - started;
  const events = fired.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const find = (type) => events.find((event) => event.type === type);
  const [request, ack, callback, result] = ['request', 'ack', 'callback', 'result'].map(find);
  if (fired.status !== 0 || !request || !callback) throw new Error(`fire --rpc failed (exit ${fired.status}): ${fired.stderr}`);
  const at = (event) => Date.parse(event.at);
  return { overhead: at(callback) - at(request) - DELAY_MS, ack: at(ack) - at(request), wholeRun: result.durationMs - DELAY_MS, processMs };
}

export async function benchFireOverhead({ runs }) {
  const producer = await startProducer();
  const bare = await startBareRoundTrips(producer.url);
  const bareRuns = [];
  const fireRuns = [];
  try {
    // The producer's first requests are its own cold start, not what either client adds.
    for (let warm = 0; warm < 2; warm += 1) await bare.roundTrip();
    // Interleaved, so that both see the same load on a shared machine.
    for (let run = 0; run < runs; run += 1) {
      bareRuns.push(await bare.roundTrip());
      fireRuns.push(fireOnce(producer.url));
    }
  } finally {
    bare.close();
    producer.child.kill('SIGINT');
  }
  const p50 = (list, key) => median(list.map((entry) => entry[key]));
  const alone = p50(bareRuns, 'overhead');
  const over = p50(fireRuns, 'overhead') - alone;
  figure('producer alone beyond its delay, p50', `${alone.toFixed(1)}ms (bare node:http client and receiver, same serve)`, '-', null);
  figure('fire --rpc overhead over the producer, p50', `${over.toFixed(1)}ms (${p50(fireRuns, 'overhead').toFixed(1)}ms beyond the delay; ${runs} fresh processes, delay ${DELAY_MS}ms)`, '<= 5ms', over <= 5);
  figure('  ack after the request, p50', `${p50(fireRuns, 'ack').toFixed(0)}ms (a fresh process; bare, warm: ${p50(bareRuns, 'ack').toFixed(1)}ms)`, '-', null);
  figure('fire --rpc whole run beyond the delay, p50', `${p50(fireRuns, 'wholeRun').toFixed(0)}ms (listening to verdict; the process: ${p50(fireRuns, 'processMs').toFixed(0)}ms)`, '-', null);
}
