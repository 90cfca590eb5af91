import { once } from 'node:events';
import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallbackEvent, EventDraft } from '../../../src/core/events.js';
import type { ReceiverOptions } from '../../../src/receiver/app.js';
import { defaultResponseRules } from '../../../src/receiver/response-rules.js';
import { startReceiver, type RunningReceiver } from '../../../src/receiver/start-receiver.js';

let receiver: RunningReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function start(options: Partial<ReceiverOptions> = {}) {
  const recorded: EventDraft[] = [];
  const waiters: Array<() => void> = [];
  receiver = await startReceiver({ port: 0, host: '127.0.0.1' }, {
    bodyLimit: 1024 * 1024,
    rules: defaultResponseRules,
    record: (draft) => {
      recorded.push(draft);
      for (const wake of waiters.splice(0)) wake();
    },
    ...options,
  });
  const url = new URL(receiver.url);
  const nextRecord = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (recorded.length >= count ? resolve() : waiters.push(check));
      check();
    });
  return { url, recorded: recorded as CallbackEvent[], nextRecord };
}

/** Sends raw bytes and resolves with everything the server answered before closing. */
function rawExchange(url: URL, chunks: string[], { pauseMs = 0, hangUpAfterMs }: { pauseMs?: number; hangUpAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(url.port), url.hostname, async () => {
      for (const chunk of chunks) {
        socket.write(chunk);
        if (pauseMs) await new Promise((done) => setTimeout(done, pauseMs));
      }
      if (hangUpAfterMs !== undefined) setTimeout(() => socket.destroy(), hangUpAfterMs);
    });
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => undefined);
  });
}

describe('the record says what the sender was actually sent', () => {
  it('records the status and headers of the answer', async () => {
    const { url, recorded } = await start({ rules: { ...defaultResponseRules, status: 202, headers: { 'x-trace': 'abc' } } });
    const response = await request(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await response.body.dump();
    expect(response.statusCode).toBe(202);
    expect(recorded[0]!.response).toEqual({ status: 202, headers: { 'content-type': 'application/json', 'x-trace': 'abc' }, body: '{"received":true}', durationMs: expect.any(Number) });
  });

  it('sends the answer headers the record names, as they are: a JSON content type is not given a charset or re-quoted', async () => {
    const typed = 'application/problem+json;profile=https://example.test/p';
    const { url, recorded } = await start({ rules: { ...defaultResponseRules, headers: { 'content-type': typed, 'X-Trace': 'abc' } } });
    const plain = await request(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await plain.body.dump();
    const wire = await rawExchange(url, ['POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}']);
    const sent = Object.fromEntries(
      wire
        .split('\r\n\r\n')[0]!
        .split('\r\n')
        .slice(1)
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
    );
    expect([plain.headers['content-type'], plain.headers['x-trace'], recorded[0]!.response.headers]).toEqual([typed, 'abc', { 'content-type': typed, 'X-Trace': 'abc' }]);
    expect(sent).toMatchObject({ 'content-type': typed, 'X-Trace': 'abc' });
  });

  it('records no answer body where the sender got none: a 204, and any answer to HEAD', async () => {
    const { url, recorded, nextRecord } = await start({ rules: { ...defaultResponseRules, status: 204 } });
    const empty = await rawExchange(url, ['POST /none HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}']);
    await nextRecord(1);
    await receiver!.close();
    const plain = await start();
    const head = await rawExchange(plain.url, ['HEAD /head HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    await plain.nextRecord(1);
    expect([empty.split('\r\n\r\n')[1], /content-length/i.test(empty), recorded[0]!.response.status, 'body' in recorded[0]!.response]).toEqual(['', false, 204, false]);
    expect([head.split('\r\n\r\n')[1], /content-length: 17/i.test(head), plain.recorded[0]!.response.status, 'body' in plain.recorded[0]!.response]).toEqual(['', true, 200, false]);
  });

  it('a sender that hangs up during --delay is recorded with status null and why', async () => {
    const { url, recorded, nextRecord } = await start({ rules: { ...defaultResponseRules, delayMs: 400 } });
    const answer = await rawExchange(url, ['POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'], { hangUpAfterMs: 50 });
    expect(answer).toBe('');
    await nextRecord(1);
    expect(recorded[0]).toMatchObject({ path: '/slow', response: { status: null, error: 'the sender hung up before the answer' }, matched: false });
  });

  it('a body cut by the body timeout is answered 408 and recorded 408', async () => {
    const { url, recorded, nextRecord } = await start({ bodyTimeoutMs: 300 });
    const answer = await rawExchange(url, ['POST /dribble HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', '{"a"'], { pauseMs: 10 });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    await nextRecord(1);
    expect(recorded[0]).toMatchObject({ path: '/dribble', response: { status: 408 }, matched: false, rejected: { size: 4 } });
  });

  it('every unfinished body is cut at its deadline, whichever bodies finish around it', async () => {
    const { url, recorded, nextRecord } = await start({ bodyTimeoutMs: 300 });
    // Slow and quick bodies interleaved, so finished ones leave the deadline list from its middle and its end.
    const slow = (index: number) => rawExchange(url, [`POST /slow-${index} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n`, '{"a"']);
    const quick = async (index: number) => {
      const response = await request(new URL(`/quick-${index}`, url), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      await response.body.dump();
      return response.statusCode;
    };
    const answers = await Promise.all([slow(0), quick(0), slow(1), quick(1), quick(2), slow(2), quick(3), slow(3)]);
    expect(answers.map((answer) => (typeof answer === 'number' ? answer : Number(/^HTTP\/1\.1 (\d+) /.exec(answer)?.[1])))).toEqual([408, 200, 408, 200, 200, 408, 200, 408]);
    await nextRecord(8);
    const byPath = Object.fromEntries(recorded.map((event) => [event.path, event.response.status]));
    expect(byPath).toEqual({ '/slow-0': 408, '/slow-1': 408, '/slow-2': 408, '/slow-3': 408, '/quick-0': 200, '/quick-1': 200, '/quick-2': 200, '/quick-3': 200 });
  });

  it('a GET and a DELETE with a body are recorded with their bytes', async () => {
    const { url, recorded } = await start();
    for (const method of ['GET', 'DELETE'] as const) {
      const answer = await rawExchange(url, [`${method} /with-body HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 9\r\n\r\n{"id":42}`]);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    }
    expect(recorded.map((event) => [event.method, event.size, Buffer.from(event.bodyBase64, 'base64').toString(), event.body])).toEqual([
      ['GET', 9, '{"id":42}', { id: 42 }],
      ['DELETE', 9, '{"id":42}', { id: 42 }],
    ]);
  });

  it('headers over 16 KiB are recorded; over the limit they are answered 431 and recorded as rejected', async () => {
    const { url, recorded, nextRecord } = await start({ bodyLimit: 64 * 1024 });
    const big = 'x'.repeat(40 * 1024);
    const kept = await request(url, { method: 'POST', body: '{}', headers: { 'x-big': big, 'content-type': 'application/json' } });
    await kept.body.dump();
    expect(kept.statusCode).toBe(200);
    expect((recorded[0]!.headers['x-big'] as string).length).toBe(big.length);
    const huge = await rawExchange(url, [`POST /huge?x=1 HTTP/1.1\r\nHost: x\r\nX-Huge: ${'y'.repeat(100 * 1024)}\r\n\r\n`]);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    await nextRecord(2);
    // Node hands over only the last packet of an overflowing request, so the request line may be unknown.
    expect(recorded[1]).toMatchObject({ response: { status: 431 }, matched: false, rejected: { reason: 'headers too large' } });
  });

  it('bodies over the in-flight budget are answered 503 with Retry-After and recorded so', async () => {
    const { url, recorded, nextRecord } = await start({ inflightLimit: 1000 });
    // One sender holds 900 bytes of the budget with a body it has not finished sending...
    const holderArrived = once(receiver!.app.server, 'request');
    const holder = rawExchange(url, ['POST /holder HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n', 'a'.repeat(400)], { hangUpAfterMs: 1500 });
    // (fastify charges the declared length as it starts reading the body, in the turn its request arrives)
    await holderArrived;
    await new Promise((resolve) => setImmediate(resolve));
    // ...so the next body does not fit until it is done.
    const refused = await request(url, { method: 'POST', body: 'b'.repeat(500) });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    await refused.body.dump();
    await holder;
    await nextRecord(2);
    expect(recorded.find((event) => event.path === '/')).toMatchObject({ response: { status: 503 }, matched: false, rejected: { reason: 'too many bytes in flight', size: 500 } });
    const after = await request(url, { method: 'POST', body: 'c'.repeat(500) });
    await after.body.dump();
    expect(after.statusCode).toBe(200);
  });

  it('shutdown cuts an answer still pending after the grace period and records it unanswered', async () => {
    let pending = (): void => undefined;
    const answering = new Promise<void>((resolve) => (pending = resolve));
    // An answerer ahead of --delay tells the test the answer is being worked out, so close() finds it pending.
    const { url, recorded } = await start({ rules: { ...defaultResponseRules, delayMs: 60_000 }, answerers: { size: [() => (pending(), null)] } });
    const answer = rawExchange(url, ['POST /pending HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}']);
    await answering;
    await receiver!.close();
    receiver = null;
    expect(await answer).toBe('');
    expect(recorded[0]).toMatchObject({ path: '/pending', response: { status: null, error: 'cbtest shut down before answering' }, matched: false });
  });
});
