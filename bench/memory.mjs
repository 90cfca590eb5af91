// Memory of `cbtest listen --json --record`: resident size after many small callbacks, and the peak under a stream
// of 10 MiB bodies (the documented bound, README "Receiver options").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, countCallbacks, figure, freePort, load, memoryOf, startServer, stop } from './lib.mjs';

const SMALL_BODY = JSON.stringify({ event: 'order.paid', orderId: '12345', amount: 99.99 });
/** The README's bound for the peak resident size under a stream of bodies as large as the default --body-limit. */
export const LARGE_BODY_BOUND_MB = 600;

async function listen(record, extra = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startServer([BIN, 'listen', '--port', String(port), '--json', '--record', record, ...extra], url);
  return { child, url };
}

export async function benchManySmall({ callbacks, connections }) {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-bench-rss-'));
  const record = join(dir, 'record.ndjson');
  const { child, url } = await listen(record);
  try {
    const result = await load(`${url}/hook`, { amount: callbacks, connections, body: SMALL_BODY });
    const memory = memoryOf(child.pid);
    await stop(child);
    const recorded = await countCallbacks(record);
    figure(`RSS after ${callbacks} small callbacks`, `${memory.rssMb.toFixed(0)}MB (peak ${memory.peakMb.toFixed(0)}MB, ${result.rps.toFixed(0)} req/s)`, '<= 150MB', memory.rssMb <= 150);
    figure('  of them lost (answered 2xx, not recorded)', `${Math.max(0, result.sent - recorded)} (${recorded} recorded)`, '0', result.sent <= recorded);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLargeBodies({ bodies, connections }) {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-bench-large-'));
  const record = join(dir, 'record.ndjson');
  // A 10 MiB JSON body (the default --body-limit), as a producer's export or a base64 attachment would be.
  const body = JSON.stringify({ event: 'export.ready', data: 'x'.repeat(10 * 1024 * 1024 - 40) });
  const { child, url } = await listen(record);
  try {
    const result = await load(`${url}/large`, { amount: bodies, connections, body });
    const memory = memoryOf(child.pid);
    await stop(child);
    const recorded = await countCallbacks(record);
    const text = `peak ${memory.peakMb.toFixed(0)}MB, now ${memory.rssMb.toFixed(0)}MB (${bodies} bodies of ${(body.length / 1048576).toFixed(1)}MiB, ${connections} at once; ${result.sent} answered 2xx, ${result.errors} refused)`;
    figure('RSS under a stream of 10 MiB bodies', text, `<= ${LARGE_BODY_BOUND_MB}MB`, memory.peakMb <= LARGE_BODY_BOUND_MB);
    figure('  of them lost (answered 2xx, not recorded)', `${Math.max(0, result.sent - recorded)} (${recorded} recorded)`, '0', result.sent <= recorded);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
