import { afterEach, describe, expect, it } from 'vitest';
import { startProducer, type ProducerOptions } from '../../src/serve/producer.js';
import { call } from './http.js';
import { startRecordingReceiver, type Answer, type Received, type RecordingReceiver } from './recording-receiver.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function setup(options: Partial<ProducerOptions> = {}, answer?: (r: Received, i: number) => Answer) {
  const receiver: RecordingReceiver = await startRecordingReceiver(answer);
  closers.push(() => receiver.close());
  const lines: string[] = [];
  const producer = await startProducer({
    allowHttp: true,
    processingDelayMs: 5,
    retry: { attempts: 3, baseDelayMs: 5 },
    log: (line) => lines.push(line),
    ...options,
    port: 0,
    host: '127.0.0.1',
  });
  closers.push(() => producer.close());
  return { receiver, producer, lines, callbackUrl: `${receiver.url}/order/callback` };
}

describe('JSON-RPC with $rpc.callback', () => {
  it('acknowledges at once, probes with OPTIONS first, then POSTs the result to the callback URL', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    const ack = await call(`${producer.url}/api`, {
      json: { jsonrpc: '2.0', id: 'example_order', method: 'OrderService.processOrder', params: { orderId: '12345', '$rpc.callback': callbackUrl } },
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ jsonrpc: '2.0', id: 'example_order', result: { callback: { url: callbackUrl, status: true, data: [] } } });

    const [callback] = await receiver.waitForPosts(1);
    expect(receiver.received[0]?.method).toBe('OPTIONS');
    expect(callback?.path).toBe('/order/callback');
    expect(callback?.headers['content-type']).toBe('application/json');
    expect(callback?.headers['user-agent']).toMatch(/^cbtest-serve\//);
    expect(callback?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(callback?.body).toEqual({
      jsonrpc: '2.0',
      id: 'example_order',
      result: { orderId: '12345', status: 'completed', totalAmount: 99.99, currency: 'EUR', message: expect.any(String) },
    });
  });

  it('uses the {"async":true,"callback":url} acknowledgment when asked to, and keeps numeric ids numeric', async () => {
    const { receiver, producer, callbackUrl } = await setup({ ackStyle: 'async' });
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 7, method: 'Math.add', params: { a: 2, b: 3, '$rpc.callback': callbackUrl } } });
    expect(ack.body).toEqual({ jsonrpc: '2.0', id: 7, result: { async: true, callback: callbackUrl } });
    const [callback] = await receiver.waitForPosts(1);
    expect(callback?.body).toEqual({ jsonrpc: '2.0', id: 7, result: 5 });
  });

  it('answers synchronously without $rpc.callback, and leaves "jsonrpc" out when the request did', async () => {
    const { producer } = await setup();
    const versioned = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 1, method: 'Math.add', params: [1, 2] } });
    expect(versioned.body).toEqual({ jsonrpc: '2.0', id: 1, result: 3 });
    const bare = await call(`${producer.url}/rpc`, { json: { id: 'x', method: 'echo', params: { hello: 'world' } } });
    expect(bare.body).toEqual({ id: 'x', result: { hello: 'world' } });
  });

  it('refuses an http callback URL unless started with allowHttp, naming the flag', async () => {
    const { receiver, producer, callbackUrl } = await setup({ allowHttp: false });
    const ack = await call(`${producer.url}/rpc`, {
      json: { jsonrpc: '2.0', id: 1, method: 'OrderService.processOrder', params: { orderId: 1, '$rpc.callback': callbackUrl } },
    });
    expect(ack.body.error.code).toBe(-32602);
    expect(ack.body.error.message).toContain('must use https');
    expect(ack.body.error.message).toContain('--allow-http');
    expect(receiver.received).toHaveLength(0);
  });

  it('reports an unknown method in the acknowledgment itself, before touching the callback URL', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 3, method: 'Nope.nothing', params: { '$rpc.callback': callbackUrl } } });
    expect(ack.body).toMatchObject({ jsonrpc: '2.0', id: 3, error: { code: -32601 } });
    expect(ack.body.error.message).toContain('Nope.nothing');
    expect(receiver.received).toHaveLength(0);
  });

  it('answers malformed JSON with -32700 and a request without a method with -32600', async () => {
    const { producer } = await setup();
    const parse = await call(`${producer.url}/rpc`, { text: '{"id": 1,', headers: { 'content-type': 'application/json' } });
    expect(parse.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    const invalid = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 2 } });
    expect(invalid.body).toMatchObject({ id: 2, error: { code: -32600 } });
  });

  it('refuses a callback URL whose probe fails with -32001', async () => {
    const { receiver, producer, callbackUrl } = await setup({}, (r) => ({ status: r.method === 'OPTIONS' ? 404 : 200 }));
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 4, method: 'echo', params: { '$rpc.callback': callbackUrl } } });
    expect(ack.body.error.code).toBe(-32001);
    expect(ack.body.error.message).toMatch(/^callback URL not reachable: OPTIONS .* answered 404/);
    expect(receiver.posts()).toHaveLength(0);
  });

  it('refuses a callback URL nobody listens on with -32001 naming the connection error', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    await receiver.close();
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 'x', method: 'echo', params: { '$rpc.callback': callbackUrl } } });
    expect(ack.body).toMatchObject({ id: 'x', error: { code: -32001 } });
    expect(ack.body.error.message).toContain('ECONNREFUSED');
  });

  it('sends a JSON-RPC error object in the callback when the method fails', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 5, method: 'OrderService.failOrder', params: { orderId: 'A1', '$rpc.callback': callbackUrl } } });
    expect(ack.body.result.callback.status).toBe(true);
    const [callback] = await receiver.waitForPosts(1);
    expect(callback?.body).toMatchObject({ jsonrpc: '2.0', id: 5, error: { code: 4001, message: 'payment declined' } });
    expect(callback?.body.result).toBeUndefined();
  });

  it('POSTs progress notifications without an id before the final response', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 6, method: 'OrderService.trackOrder', params: { orderId: 'T1', '$rpc.callback': callbackUrl } } });
    const posts = await receiver.waitForPosts(5);
    const progress = posts.slice(0, 4).map((p) => p.body);
    for (const note of progress) {
      expect(note).toMatchObject({ jsonrpc: '2.0', method: 'OrderService.progress', params: { orderId: 'T1' } });
      expect(note).not.toHaveProperty('id');
    }
    expect(progress.map((note) => note.params.percent)).toEqual([25, 50, 75, 100]);
    expect(posts[4]?.body).toMatchObject({ jsonrpc: '2.0', id: 6, result: { orderId: 'T1', status: 'delivered' } });
  });

  it('retries a failing callback with the same x-request-id, logging each retry', async () => {
    const { receiver, producer, callbackUrl, lines } = await setup({}, (r, i) => ({ status: r.method === 'POST' && i < 2 ? 500 : 200 }));
    await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 8, method: 'echo', params: { n: 1, '$rpc.callback': callbackUrl } } });
    const posts = await receiver.waitForPosts(3);
    const ids = new Set(posts.map((p) => p.headers['x-request-id']));
    expect(ids.size).toBe(1);
    expect(posts.map((p) => p.headers['x-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(posts[2]?.body).toEqual({ jsonrpc: '2.0', id: 8, result: { n: 1 } });
    expect(lines.filter((line) => line.includes('retrying'))).toHaveLength(2);
    await expect.poll(() => lines.some((line) => line.includes('delivered: 200 (attempt 3'))).toBe(true);
  });

  it('gives up after the configured attempts', async () => {
    const { receiver, producer, callbackUrl, lines } = await setup({ retry: { attempts: 2, baseDelayMs: 1 } }, (r) => ({ status: r.method === 'POST' ? 503 : 200 }));
    await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 9, method: 'echo', params: { '$rpc.callback': callbackUrl } } });
    await receiver.waitForPosts(2);
    await expect.poll(() => lines.some((line) => line.includes('giving up'))).toBe(true);
    expect(receiver.posts()).toHaveLength(2);
  });
});
