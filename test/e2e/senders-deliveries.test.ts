import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli } from '../helpers/cli.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  await response.body.dump();
  return response.statusCode;
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

  it('a delivery that arrives again after a 2xx is flagged duplicate and is not counted twice', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '2', '--timeout', '30s']);
    const url = await listeningUrl(run);
    const event = (id: string) => JSON.stringify({ id, object: 'event', type: 'charge.succeeded' });
    expect(await post(`${url}/stripe`, event('evt_1'), {})).toBe(200);
    expect(await post(`${url}/stripe`, event('evt_1'), {})).toBe(200);
    expect(await post(`${url}/stripe`, event('evt_2'), {})).toBe(200);
    expect(await run.exited).toBe(0);
    const events = parseNdjson(run.stdout());
    expect(events.filter((item) => item.type === 'callback').map((item) => [item.delivery, item.matched, item.note])).toEqual([
      [{ key: 'evt_1', attempt: 1, sinceFirstMs: 0, duplicate: false }, true, undefined],
      [{ key: 'evt_1', attempt: 2, sinceFirstMs: expect.any(Number), duplicate: true }, false, 'duplicate: delivery evt_1 was already answered 2xx'],
      [{ key: 'evt_2', attempt: 1, sinceFirstMs: 0, duplicate: false }, true, undefined],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'result', callbacks: 2, deliveries: [{ key: 'evt_1', delivered: true }, { key: 'evt_2', delivered: true }] });
  });

  it('--delivery-key reads the key from the body', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--delivery-key', '$.body.event_id']);
    const url = await listeningUrl(run);
    expect(await post(`${url}/slack`, '{"event_id":"Ev01"}', {})).toBe(200);
    expect(await run.exited).toBe(0);
    expect(parseNdjson(run.stdout()).find((item) => item.type === 'callback')).toMatchObject({ delivery: { key: 'Ev01', attempt: 1 } });
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
