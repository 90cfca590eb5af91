import Fastify from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAtPointer } from '../../src/core/json-pointer.js';
import { parseNdjson, runCliToEnd } from '../helpers/cli.js';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

type Event = Record<string, unknown>;

let producer: Running;
beforeAll(async () => {
  producer = await startReferenceProducer();
});
afterAll(() => producer.close());

const fire = (...args: string[]) => runCliToEnd(['fire', '--subscribe', `${producer.url}/subscriptions`, ...args]);
const ofType = (events: Event[], type: string, label?: string) => events.filter((event) => event.type === type && (label === undefined || event.label === label));

interface ScriptedSubscriptions {
  url: string;
  received: Array<{ method: string; url: string; body: unknown }>;
  close(): Promise<void>;
}

/**
 * A subscription producer written for one test: it reads the callback URL at `pointer`, answers 201 HAL with a
 * lowercase `uuid`, sends `notifications` (then keeps sending every 50ms after the cancel when `ignoreCancel`).
 */
async function startScriptedSubscriptions(options: { pointer: string; notifications: number; ignoreCancel?: boolean }): Promise<ScriptedSubscriptions> {
  const app = Fastify();
  const received: ScriptedSubscriptions['received'] = [];
  const timers: NodeJS.Timeout[] = [];
  const notify = async (url: string, sequence: number) => {
    const response = await request(url, { method: 'POST', body: JSON.stringify({ uuid: 'sub-1', sequence }), headers: { 'content-type': 'application/hal+json' } }).catch(() => null);
    await response?.body.dump();
  };
  app.post('/subscriptions', async (req, reply) => {
    received.push({ method: 'POST', url: req.url, body: req.body });
    const callbackUrl = String(getAtPointer(req.body, options.pointer));
    for (let sequence = 1; sequence <= options.notifications; sequence += 1) timers.push(setTimeout(() => void notify(callbackUrl, sequence), 30 * sequence));
    return reply.code(201).type('application/hal+json').send({ _links: { self: { href: 'subscriptions/sub-1' } }, uuid: 'sub-1' });
  });
  const cancel = async (req: { method: string; url: string; body: unknown }) => {
    received.push({ method: req.method, url: req.url, body: req.body ?? null });
    if (options.ignoreCancel) {
      const callbackUrl = String(getAtPointer((received[0]!.body as object) ?? {}, options.pointer));
      timers.push(setInterval(() => void notify(callbackUrl, 99), 50));
    }
    return { _links: { self: { href: '/subscriptions/sub-1' } }, message: 'cancelled' };
  };
  app.put('/subscriptions/:id', async (req, reply) => reply.code(202).type('application/hal+json').send(await cancel(req)));
  app.delete('/subscriptions/:id', async (req, reply) => reply.code(202).type('application/hal+json').send(await cancel(req)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await app.close();
    },
  };
}

describe('cbtest fire --subscribe against cbtest serve', () => {
  it('subscribes, counts 3 continuous notifications answered as HAL, cancels with PUT → 202, and counts nothing after', async () => {
    const result = await fire('--body', '{"mode":"continuous","intervalMs":30}', '--count', '3', '--expect', '$.body.UUID exists', '--json');
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const [subscribe] = ofType(events, 'request', 'subscribe');
    const planted = (subscribe!.body as { callbackUrl: string }).callbackUrl;
    expect(subscribe!.body).toEqual({ mode: 'continuous', intervalMs: 30, callbackUrl: planted });
    expect(planted).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb\/[\w-]{16}$/);
    const ack = ofType(events, 'ack', 'subscribe')[0] as { status: number; body: { UUID: string } };
    expect(ack.status).toBe(201);

    const counted = ofType(events, 'callback').filter((event) => event.matched);
    expect(counted.slice(0, 3).map((event) => (event.body as { sequence: number }).sequence)).toEqual([1, 2, 3]);
    expect(counted.every((event) => (event.response as { status: number }).status === 200)).toBe(true);

    const cancel = ofType(events, 'request', 'cancel')[0]!;
    // Every 30 ms a busy machine can let one more notification in before the cancel goes out; none comes after it.
    expect(counted.slice(3).every((event) => (event.seq as number) < (cancel.seq as number))).toBe(true);
    expect(cancel).toMatchObject({ method: 'PUT', url: `${producer.url}/subscriptions/${ack.body.UUID}` });
    const cancelAck = ofType(events, 'ack', 'cancel')[0]!;
    expect(cancelAck).toMatchObject({ status: 202, body: { message: 'Your subscription is cancelled.' } });
    // The producer stops once it accepts the cancel: nothing arrives in the grace period after it.
    expect(events.filter((event) => event.type === 'callback' && (event.seq as number) > (cancelAck.seq as number))).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0 });
    // The result counts what was judged at the verdict: the three awaited, never more than the record holds.
    expect((events.at(-1) as { callbacks: number }).callbacks).toBeGreaterThanOrEqual(3);
    expect((events.at(-1) as { callbacks: number }).callbacks).toBeLessThanOrEqual(counted.length);
  });

  it('passes with its defaults: a once-only subscription that ended by itself answers the cancel 410 Gone, noted', async () => {
    const result = await fire();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/● .* callback {2}POST {2}\/cb\/[\w-]+ {2}→ 200 .*application\/hal\+json/);
    expect(result.stdout).toMatch(/PASS 1 callback .* exit 0/);
    // The cancel either caught it still active (202) or found it ended (410, said so on stderr).
    expect(result.stdout).toMatch(/← .* cancel {2}(202|410)/);
    if (/cancel {2}410/.test(result.stdout)) expect(result.stderr).toContain('the subscription had already ended by itself (410 Gone)');
  });

  it('a --callback-pointer the producer does not read gets a hint about the pointer, not about https', async () => {
    const result = await fire('--callback-pointer', '/webhook');
    expect(result.code).toBe(4);
    expect(result.stderr + result.stdout).toContain("--callback-pointer /webhook is where the callback URL went in the body; it names 'callbackUrl': try --callback-pointer /callbackUrl");
    expect(result.stderr + result.stdout).not.toContain('demand https');
  });

  it('exits 1 naming the expectation when a notification does not match, leaving the subscription alone with --cancel none', async () => {
    const result = await fire('--cancel', 'none', '--expect', '$.body.data.status == "running"', '--json');
    expect(result.code).toBe(1);
    const events = parseNdjson(result.stdout);
    expect(ofType(events, 'assertion')[0]).toMatchObject({ pass: false, actual: 'completed', expr: '$.body.data.status == "running"' });
    expect(ofType(events, 'request', 'cancel')).toEqual([]);
  });

  it('exits 4 showing the problem title, detail and type when the producer refuses the callback URL', async () => {
    const result = await fire('--public-url', 'http://hooks.invalid');
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /exit 4: subscription refused: 403 Subscription not accepted: callbackUrl host hooks\.invalid is refused.* \(type urn:cbtest:problem:callback-url-refused\)/,
    );
    expect(result.stdout).not.toMatch(/cancel/);
  });

  it('exits 4 naming the URL when the subscription endpoint is down', async () => {
    const down = await startScriptedSubscriptions({ pointer: '/callbackUrl', notifications: 0 });
    await down.close();
    const result = await runCliToEnd(['fire', '--subscribe', `${down.url}/subscriptions`]);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(new RegExp(`exit 4: POST ${down.url}/subscriptions refused the connection \\(ECONNREFUSED\\)`));
  });
});

describe('cbtest fire --subscribe against scripted producers', () => {
  it('plants the URL at a nested --callback-pointer, keeps the rest of --body, and cancels with DELETE at the relative self link', async () => {
    const scripted = await startScriptedSubscriptions({ pointer: '/subscriber/webhook/url', notifications: 1 });
    try {
      const body = '{"topic":"orders","subscriber":{"name":"shop"}}';
      const result = await runCliToEnd(['fire', '--subscribe', `${scripted.url}/subscriptions`, '--body', body, '--callback-pointer', '/subscriber/webhook/url', '--cancel', 'delete', '--json']);
      expect(result.code).toBe(0);
      const sent = scripted.received[0]!.body as { topic: string; subscriber: { name: string; webhook: { url: string } } };
      expect(sent).toMatchObject({ topic: 'orders', subscriber: { name: 'shop' } });
      expect(sent.subscriber.webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb\/[\w-]{16}$/);
      expect(scripted.received.map((call) => `${call.method} ${call.url}`)).toEqual(['POST /subscriptions', 'DELETE /subscriptions/sub-1']);
      expect(parseNdjson(result.stdout).at(-1)).toMatchObject({ type: 'result', exitCode: 0, callbacks: 1 });
    } finally {
      await scripted.close();
    }
  });

  it('exits 3 when no notification comes in time, and still cancels the subscription', async () => {
    const silent = await startScriptedSubscriptions({ pointer: '/callbackUrl', notifications: 0 });
    try {
      // 2 s, not 1: the wait is armed before the subscribe request, which must be answered inside it for this message.
      const result = await runCliToEnd(['fire', '--subscribe', `${silent.url}/subscriptions`, '--timeout', '2s']);
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/exit 3: timed out after 2s waiting for a notification \(0 of 1 arrived\)/);
      expect(result.stdout).toMatch(/← .* cancel {2}202/);
      expect(silent.received.map((call) => call.method)).toEqual(['POST', 'PUT']);
    } finally {
      await silent.close();
    }
  });

  it('exits 4 when notifications keep arriving after the cancel was accepted', async () => {
    const stubborn = await startScriptedSubscriptions({ pointer: '/callbackUrl', notifications: 1, ignoreCancel: true });
    try {
      const result = await runCliToEnd(['fire', '--subscribe', `${stubborn.url}/subscriptions`, '--grace', '400ms']);
      expect(result.code).toBe(4);
      expect(result.stdout).toMatch(/○ .* callback {2}POST .*→ 403 .*\(arrived \d+ms after the cancel was accepted\)/);
      expect(result.stdout).toMatch(/exit 4: \d+ notifications? arrived after the cancel was accepted \(listened 400ms\): the producer kept notifying/);
    } finally {
      await stubborn.close();
    }
  });
});
