import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  await response.body.dump();
  return response.statusCode;
}

/** A sender as Svix or Stripe behave, made short for a test: one id per delivery, retried on non-2xx with a doubling backoff. */
async function deliverWithRetries(url: string, body: string, id: string, attempts = 3, backoffMs = 100): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const status = await post(url, body, { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) });
    statuses.push(status);
    if (status >= 200 && status < 300) break;
    await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
  }
  return statuses;
}

describe('deliveries: retries, timelines, duplicates', () => {
  it('cbtest serve retries with backoff against --respond-seq 503,503,200: one delivery, three attempts, signed each time', { timeout: 60_000 }, async () => {
    const serve = runCli(['serve', '--port', '0', '--allow-http', '--sign', 'standard-webhooks', '--secret', SECRET, '--retry-backoff', '200ms']);
    try {
      const producer = (await serve.waitForLine(/^serving /, 20_000)).split(' ')[1]!;
      const fire = runCli(['fire', '--rpc', `${producer}/rpc`, '--method', 'OrderService.processOrder', '--params', '{"orderId":"7"}', '--respond-seq', '503,503,200', '--verify', 'standard-webhooks', '--secret', SECRET, '--json', '--timeout', '30s']);
      expect(await fire.exited).toBe(0);
      const events = parseNdjson(fire.stdout());
      const callbacks = events.filter((event) => event.type === 'callback');
      expect(callbacks.map((event) => [(event.response as { status: number }).status, event.signature, (event.delivery as { attempt: number }).attempt, event.matched])).toEqual([
        [503, 'valid', 1, false],
        [503, 'valid', 2, false],
        [200, 'valid', 3, true],
      ]);
      const keys = new Set(callbacks.map((event) => (event.delivery as { key: string }).key));
      expect(keys.size).toBe(1);
      // One id for the delivery, the one the key came from.
      expect(new Set(callbacks.map((event) => (event.headers as Record<string, string>)['webhook-id']))).toEqual(keys);
      const result = events.at(-1) as { type: string; callbacks: number; deliveries: Array<{ attempts: Array<{ status: number; sinceFirstMs: number }> }> };
      expect(result).toMatchObject({ type: 'result', callbacks: 1 });
      expect(result.deliveries).toHaveLength(1);
      const attempts = result.deliveries[0]!.attempts;
      expect(attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
      // The producer says how it backed off: doubling from --retry-backoff.
      expect(serve.stdout()).toMatch(/answered 503 \(attempt 1 of 3\), retrying in 200ms[\s\S]*answered 503 \(attempt 2 of 3\), retrying in 400ms[\s\S]*delivered: 200 \(attempt 3/);
    } finally {
      serve.kill('SIGTERM');
      await serve.exited;
    }
  });

  it('plain mode prints each key\'s timeline under the result', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '30s', '--respond-seq', '503,200']);
    const url = (await run.waitForLine(/^listening /, 20_000)).split(' ')[1]!;
    expect(await post(`${url}/hook`, '{"n":1}', { 'x-github-delivery': 'gh-delivery-1' })).toBe(503);
    expect(await post(`${url}/hook`, '{"n":1}', { 'x-github-delivery': 'gh-delivery-1' })).toBe(200);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/PASS 1 callback .*\n {2}gh-delivery-1: 2 attempts: \+0s 503, \+\d+\.\ds 200\n/);
  });

  it('a delivery that arrives again after a 2xx is flagged duplicate, not counted twice, and fails the deliveries case', { timeout: 60_000 }, async () => {
    const tap = join(mkdtempSync(join(tmpdir(), 'cbtest-deliveries-')), 'report.tap');
    const run = runCli(['listen', '--port', '0', '--json', '--count', '2', '--timeout', '30s', '--report', `tap:${tap}`]);
    const url = await listeningUrl(run);
    const event = (id: string) => JSON.stringify({ id, object: 'event', type: 'charge.succeeded' });
    expect(await post(`${url}/stripe`, event('evt_1'), {})).toBe(200);
    expect(await post(`${url}/stripe`, event('evt_1'), {})).toBe(200);
    expect(await post(`${url}/stripe`, event('evt_2'), {})).toBe(200);
    expect(await run.exited).toBe(1);
    const events = parseNdjson(run.stdout());
    expect(events.filter((item) => item.type === 'callback').map((item) => [item.delivery, item.matched, item.note])).toEqual([
      [{ key: 'evt_1', attempt: 1, sinceFirstMs: 0, duplicate: false }, true, undefined],
      [{ key: 'evt_1', attempt: 2, sinceFirstMs: expect.any(Number), duplicate: true }, false, 'duplicate: delivery evt_1 was already answered 2xx'],
      [{ key: 'evt_2', attempt: 1, sinceFirstMs: 0, duplicate: false }, true, undefined],
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      exitCode: 1,
      callbacks: 2,
      reason: 'assertion failed: deliveries: evt_1 came again after a 2xx (1 time)',
      deliveries: [{ key: 'evt_1', delivered: true }, { key: 'evt_2', delivered: true }],
    });
    const report = readFileSync(tap, 'utf8');
    expect(report).toMatch(/^not ok 2 - deliveries\n {2}---\n {2}message: "deliveries: evt_1 came again after a 2xx \(1 time\)"\n {2}deliveries:\n {4}- "evt_1: 2 attempts: \+0s 200, \+\d+\.\ds 200 \(duplicate\)"\n {4}- "evt_2: 1 attempt: \+0s 200"\n/m);
  });

  it('--report junit: a sender that retries against --respond-seq 503,200 passes the deliveries case, its timeline listed', { timeout: 60_000 }, async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'cbtest-deliveries-')), 'report.xml');
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '30s', '--respond-seq', '503,200', '--report', `junit:${junit}`]);
    const url = (await run.waitForLine(/^listening /, 20_000)).split(' ')[1]!;
    expect(await deliverWithRetries(`${url}/hooks`, '{"type":"invoice.paid"}', 'msg_report_1')).toEqual([503, 200]);
    expect(await run.exited).toBe(0);
    const report = readFileSync(junit, 'utf8');
    expect(report).toContain('tests="2" failures="0"');
    expect(report).toMatch(/<testcase classname="cbtest" name="deliveries" time="0">\n {6}<system-out>msg_report_1: 2 attempts: \+0s 503, \+\d+\.\ds 200<\/system-out>\n {4}<\/testcase>/);
    expect(run.stdout()).toContain('✓ deliveries: 1 delivery, 1 retried');
  });

  it('--delivery-key reads the key from the body', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--delivery-key', '$.body.event_id']);
    const url = await listeningUrl(run);
    expect(await post(`${url}/slack`, '{"event_id":"Ev01"}', {})).toBe(200);
    expect(await run.exited).toBe(0);
    expect(parseNdjson(run.stdout()).find((item) => item.type === 'callback')).toMatchObject({ delivery: { key: 'Ev01', attempt: 1 } });
  });
});

describe('cbtest run: each case\'s deliveries are its own', () => {
  it('two cases sending the same key each get one delivery, listed only in their own result and report case', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbtest-deliveries-'));
    const suite = join(dir, 'senders.yaml');
    writeFileSync(
      suite,
      `name: senders
cases:
  - name: first sender
    steps:
      - send: { url: "\${{ callbackUrl }}", data: { n: 1 }, headers: { webhook-id: evt_shared } }
      - wait: { count: 1, timeout: 20s }
  - name: second sender
    steps:
      - send: { url: "\${{ callbackUrl }}", data: { n: 2 }, headers: { webhook-id: evt_shared } }
      - send: { url: "\${{ callbackUrl }}", data: { n: 3 }, headers: { webhook-id: evt_second } }
      - wait: { count: 2, timeout: 20s }
`,
    );
    const junit = join(dir, 'report.xml');
    const run = await runCliToEnd(['run', suite, '--json', '--report', `junit:${junit}`]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const results = parseNdjson(run.stdout).filter((event) => event.type === 'result' && event.case !== undefined);
    expect(results.map((event) => [event.case, (event.deliveries as Array<{ key: string; attempts: unknown[] }>).map((timeline) => [timeline.key, timeline.attempts.length])])).toEqual([
      ['first sender', [['evt_shared', 1]]],
      ['second sender', [['evt_shared', 1], ['evt_second', 1]]],
    ]);
    const report = readFileSync(junit, 'utf8');
    expect(report).toMatch(/name="first sender"[^>]*><system-out>evt_shared: 1 attempt: \+0s 200<\/system-out>/);
    expect(report).toMatch(/name="second sender"[^>]*><system-out>evt_shared: 1 attempt: \+0s 200\nevt_second: 1 attempt: \+0s 200<\/system-out>/);
  });
});

describe('cbtest demo --sign', () => {
  it('shows the loop signed by the producer and verified by the receiver', { timeout: 60_000 }, async () => {
    const run = runCli(['demo', '--json', '--sign', 'standard-webhooks', '--secret', SECRET]);
    expect(await run.exited).toBe(0);
    const events = parseNdjson(run.stdout());
    expect(events.find((event) => event.type === 'callback')).toMatchObject({ signature: 'valid', delivery: { attempt: 1 } });
    expect(events.find((event) => event.type === 'assertion' && event.expr === 'signature')).toMatchObject({ pass: true });
    expect(run.stdout()).not.toContain(SECRET.slice(6));
  });
});
