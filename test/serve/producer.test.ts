import { afterEach, describe, expect, it } from 'vitest';
import { startProducer } from '../../src/serve/producer.js';
import { call, sleep } from './http.js';
import { startRecordingReceiver } from './recording-receiver.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function setup(options: { probe?: 'options' | 'post' | 'none' } = {}) {
  const receiver = await startRecordingReceiver();
  closers.push(() => receiver.close());
  const producer = await startProducer({ allowHttp: true, processingDelayMs: 1, ...options, port: 0, host: '127.0.0.1' });
  closers.push(() => producer.close());
  return { receiver, producer };
}

describe('the producer as a server', () => {
  it('GET / lists its endpoints and methods', async () => {
    const { producer } = await setup();
    const index = await call(`${producer.url}/`);
    expect(index.status).toBe(200);
    expect(index.body.endpoints.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/rpc', '/subscriptions', '/oauth/authorize']));
    expect(index.body.methods.map((m: { name: string }) => m.name)).toEqual(
      expect.arrayContaining(['OrderService.processOrder', 'OrderService.failOrder', 'OrderService.trackOrder', 'FlowService.start']),
    );
  });

  it('answers an unknown route with 404 JSON pointing at GET /', async () => {
    const { producer } = await setup();
    const missing = await call(`${producer.url}/nowhere`, { json: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.hint).toContain('GET /');
  });

  it('refuses a body over 1 MiB with 413 and keeps serving', async () => {
    const { producer } = await setup();
    const huge = await call(`${producer.url}/rpc`, { text: JSON.stringify({ id: 1, method: 'echo', params: { x: 'a'.repeat(1_100_000) } }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('1 MiB');
    const after = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 2, method: 'Math.add', params: [2, 2] } });
    expect(after.body.result).toBe(4);
  });

  it('answers a batch with one response per call and none for a notification', async () => {
    const { producer } = await setup();
    const batch = await call(`${producer.url}/rpc`, {
      json: [
        { jsonrpc: '2.0', id: 1, method: 'Math.add', params: [1, 1] },
        { jsonrpc: '2.0', method: 'echo', params: {} },
        { jsonrpc: '2.0', id: 2, method: 'missing' },
      ],
    });
    expect(batch.body).toEqual([
      { jsonrpc: '2.0', id: 1, result: 2 },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: expect.any(String) } },
    ]);
  });

  it('can probe with the POST {"rpc.callback": "check real webhook url"} style', async () => {
    const { producer, receiver } = await setup({ probe: 'post' });
    await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 1, method: 'echo', params: { '$rpc.callback': `${receiver.url}/cb` } } });
    const [probe, callback] = await receiver.waitForPosts(2);
    expect(probe?.body).toEqual({ 'rpc.callback': 'check real webhook url' });
    expect(callback?.body).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('close() ends promptly with work pending, and nothing is sent afterwards', async () => {
    const receiver = await startRecordingReceiver((r) => ({ status: r.method === 'POST' ? 500 : 200 }));
    closers.push(() => receiver.close());
    const producer = await startProducer({ allowHttp: true, processingDelayMs: 1, retry: { attempts: 50, baseDelayMs: 20 }, port: 0, host: '127.0.0.1' });
    const callbackUrl = `${receiver.url}/cb`;
    await call(`${producer.url}/subscriptions`, { json: { callbackUrl, mode: 'continuous', intervalMs: 60_000 } });
    await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 'f', method: 'FlowService.start', params: { '$rpc.callback': callbackUrl } } });
    await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 'r', method: 'echo', params: { '$rpc.callback': callbackUrl } } });
    await receiver.waitForPosts(1);
    await producer.close();
    const countAtClose = receiver.posts().length;
    // Retries were 20 ms apart: a second without one is a margin no busy CI box eats.
    await sleep(1000);
    expect(receiver.posts()).toHaveLength(countAtClose);
    expect(countAtClose).toBeLessThan(50);
  });
});
