import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';
import { startReferenceProducer } from '../helpers/producers.js';
import { onInstance, post, publicUrlOf, REDIS_SERVER, SKIP_REASON, startRedis, startedRelays, startRelayInstance, stopAll, waitForEvents, type TestRedis, type TestRelay } from './relay-harness.js';

// Several Node processes and a Redis per test: on a loaded CI machine starting them alone takes seconds.
vi.setConfig({ testTimeout: 90_000 });

describe.skipIf(!REDIS_SERVER)(`cbtest relay: two instances, one Redis${REDIS_SERVER ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let redis: TestRedis;
  let a: TestRelay;
  let b: TestRelay;

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startRelayInstance(redis.url, ['--body-limit', '4KiB']), startRelayInstance(redis.url, ['--body-limit', '4KiB'])]);
  }, 90_000);
  afterAll(async () => {
    await stopAll(startedRelays);
    await redis?.stop();
  });

  it("a callback sent to instance B reaches the client on A with its exact bytes, and A's answer reaches the producer through B", async () => {
    const listen = runCli(['listen', '--port', '0', '--relay', a.url, '--status', '299', '--response-body', '{"took":"it"}', '--count', '1', '--timeout', '30s', '--json']);
    const channelUrl = await publicUrlOf(listen);
    expect(channelUrl).toMatch(new RegExp(`^${a.url}/c/[A-Za-z0-9_-]{22}$`));

    const body = '{"order": "12345",   "paid": true}';
    const answer = await post(`${onInstance(channelUrl, b.url)}/hooks/payment?attempt=1&attempt=2`, body, { 'content-type': 'application/json', 'X-Signature': 'sha256=abc' });
    expect(answer.status).toBe(299);
    expect(answer.text).toBe('{"took":"it"}');
    expect(await listen.exited).toBe(0);

    const events = parseNdjson(listen.stdout());
    expect(events.find((event) => event.type === 'relay')).toMatchObject({ state: 'open', url: channelUrl });
    const [callback] = events.filter((event) => event.type === 'callback');
    expect(Buffer.from(String(callback!.bodyBase64), 'base64').toString()).toBe(body);
    expect(callback).toMatchObject({ method: 'POST', path: '/hooks/payment', query: { attempt: ['1', '2'] }, response: { status: 299 }, matched: true });
    expect(callback!.headers).toMatchObject({ 'x-signature': 'sha256=abc', 'x-cbtest-relay-remote': expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it('a --respond-seq script on the client answers the producer through the other instance, retry by retry', async () => {
    const listen = runCli(['listen', '--port', '0', '--relay', a.url, '--respond-seq', '503,503,200', '--count', '1', '--timeout', '30s', '--json']);
    const viaB = onInstance(await publicUrlOf(listen), b.url);
    const statuses = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) statuses.push((await post(`${viaB}/retry`, `{"attempt":${attempt}}`)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(await listen.exited).toBe(0);
    const callbacks = parseNdjson(listen.stdout()).filter((event) => event.type === 'callback');
    expect(callbacks.map((event) => [(event.response as { status: number }).status, event.matched])).toEqual([
      [503, false],
      [503, false],
      [200, true],
    ]);
  });

  it('a body over the relay\'s --body-limit gets 413 at the relay and is recorded as rejected', async () => {
    const listen = runCli(['listen', '--port', '0', '--relay', a.url, '--json']);
    const channelUrl = await publicUrlOf(listen);
    const answer = await post(`${onInstance(channelUrl, b.url)}/big`, Buffer.alloc(10_000, 'x'), { 'content-type': 'text/plain' });
    expect(answer.status).toBe(413);
    const [callback] = await waitForEvents(listen, (event) => event.type === 'callback', 1);
    expect(callback).toMatchObject({ path: '/big', response: { status: 413 }, matched: false, rejected: { reason: 'body too large', size: 10_000 }, bodyBase64: '' });
    expect(String(callback!.note)).toContain("over the relay's 4096-byte limit");
    listen.kill('SIGINT');
    await listen.exited;
  });

  it('a stranger without the channel name gets 404, and without its key cannot read it', async () => {
    const listen = runCli(['listen', '--port', '0', '--relay', a.url, '--json']);
    const channelUrl = await publicUrlOf(listen);
    const guessed = `${b.url}/c/${randomBytes(16).toString('base64url').slice(0, 22)}/hooks`;
    expect((await post(guessed, '{}')).status).toBe(404);
    expect((await request(`${b.url}/c/short`)).statusCode).toBe(404);

    // Reading needs the key, not the name: a made-up key is another (unopened) channel, refused before any upgrade.
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${b.url.replace('http', 'ws')}/relay/v1/connect?after=0-0`, { headers: { 'x-cbtest-channel-key': new URL(channelUrl).pathname.slice(3).padEnd(24, 'x') } });
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
    listen.kill('SIGINT');
    await listen.exited;
  });

  it('with no client connected the producer gets 202 and the callback waits in the channel for the next run with its key', async () => {
    const key = randomBytes(16).toString('hex');
    const first = runCli(['listen', '--port', '0', '--relay', a.url, '--relay-key', key, '--json']);
    const channelUrl = await publicUrlOf(first);
    first.kill('SIGINT');
    await first.exited;

    const answer = await post(`${onInstance(channelUrl, b.url)}/late`, '{"n":1}', { 'content-type': 'application/json' });
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.text)).toMatchObject({ queued: true });

    const second = runCli(['listen', '--port', '0', '--relay', b.url, '--relay-key', key, '--count', '1', '--timeout', '30s', '--json']);
    expect(await publicUrlOf(second)).toBe(onInstance(channelUrl, b.url));
    expect(await second.exited).toBe(0);
    const callbacks = parseNdjson(second.stdout()).filter((event) => event.type === 'callback');
    expect(callbacks).toMatchObject([{ path: '/late', body: { n: 1 } }]);
  });

  it('cbtest run --relay: each case of a suite gets its own planted path under the channel, and passes through the relay', async () => {
    const producer = await startReferenceProducer();
    const suite = join(mkdtempSync(join(tmpdir(), 'cbtest-relay-run-')), 'orders.yaml');
    const order = (id: string) => `  - name: order ${id}
    rpc: { url: "\${{ api }}/rpc", method: OrderService.processOrder, params: { orderId: "${id}" } }
    expect: [ '$.body.result.orderId == "${id}"' ]`;
    writeFileSync(suite, `name: orders\ncases:\n${order('1')}\n${order('2')}\n`);
    try {
      const { code, stdout } = await runCliToEnd(['run', suite, '--var', `api=${producer.url}`, '--relay', a.url, '--json']);
      expect(code).toBe(0);
      const events = parseNdjson(stdout);
      const channelUrl = String(events.find((event) => event.type === 'relay')?.url);
      expect(channelUrl).toMatch(new RegExp(`^${a.url}/c/[A-Za-z0-9_-]{22}$`));
      const planted = events.filter((event) => event.type === 'request').map((event) => String((event.body as { params: Record<string, unknown> }).params['$rpc.callback']));
      expect(planted).toHaveLength(2);
      expect(planted.every((url) => url.startsWith(`${channelUrl}/`))).toBe(true);
      expect(new Set(planted).size).toBe(2);
      // What arrived came through the channel (its stream id is on it) and counted for its own case.
      const callbacks = events.filter((event) => event.type === 'callback');
      expect(callbacks.map((event) => [event.case, (event.headers as Record<string, string>)['x-cbtest-relay-id'] !== undefined, event.matched])).toEqual(
        expect.arrayContaining([
          ['order 1', true, true],
          ['order 2', true, true],
        ]),
      );
      expect(events.filter((event) => event.type === 'result' && event.case !== undefined).map((event) => event.pass)).toEqual([true, true]);
    } finally {
      await producer.close();
    }
  });
});
