import { afterEach, describe, expect, it } from 'vitest';
import { startProducer, type ProducerOptions } from '../../src/serve/producer.js';
import { call } from './http.js';
import { startRecordingReceiver, type Answer, type Received } from './recording-receiver.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function setup(options: Partial<ProducerOptions> = {}, answer?: (r: Received, i: number) => Answer) {
  const receiver = await startRecordingReceiver(answer);
  closers.push(() => receiver.close());
  const lines: string[] = [];
  const producer = await startProducer({
    allowHttp: true,
    processingDelayMs: 1,
    retry: { attempts: 2, baseDelayMs: 1 },
    log: (line) => lines.push(line),
    ...options,
    port: 0,
    host: '127.0.0.1',
  });
  closers.push(() => producer.close());
  return { receiver, producer, lines, callbackUrl: `${receiver.url}/notify` };
}

describe('REST subscriptions', () => {
  it('accepts with 201 HAL, notifies once, then ends; cancelling it afterwards is 410 Gone', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    const created = await call(`${producer.url}/subscriptions`, { json: { callbackUrl } });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toContain('application/hal+json');
    const uuid: string = created.body.UUID;
    expect(created.body._links.self.href).toBe(`/subscriptions/${uuid}`);
    expect(created.body.message).toEqual(expect.any(String));

    const [notification] = await receiver.waitForPosts(1);
    expect(notification?.headers['content-type']).toContain('application/hal+json');
    expect(notification?.body).toMatchObject({ _links: { self: { href: `/subscriptions/${uuid}` } }, UUID: uuid, sequence: 1, event: 'task.completed' });
    expect(notification?.body.data).toEqual(expect.any(Object));

    await expect.poll(async () => (await call(`${producer.url}/subscriptions/${uuid}`)).body.state).toBe('completed');
    const late = await call(`${producer.url}/subscriptions/${uuid}`, { method: 'PUT' });
    expect(late.status).toBe(410);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(late.body.detail).toContain('already ended');
    expect(receiver.posts()).toHaveLength(1);
  });

  it('notifies continuously until cancelled with PUT (202), and nothing arrives after the 202', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    const created = await call(`${producer.url}/subscriptions`, { json: { callbackUrl, mode: 'continuous', intervalMs: 5, event: 'stock.changed' } });
    const href: string = created.body._links.self.href;
    const early = await receiver.waitForPosts(3);
    expect(early.map((n) => n.body.sequence)).toEqual([1, 2, 3]);
    expect(early.every((n) => n.body.event === 'stock.changed')).toBe(true);

    const cancelled = await call(`${producer.url}${href}`, { method: 'PUT' });
    expect(cancelled.status).toBe(202);
    expect(cancelled.headers['content-type']).toContain('application/hal+json');
    expect(cancelled.body).toMatchObject({ _links: { self: { href } }, message: 'Your subscription is cancelled.' });
    // "Nothing more arrives" is judged against a twin that keeps ticking: five of its notifications, none of the cancelled one's.
    const fromCancelled = () => receiver.posts().filter((post) => post.body.UUID === created.body.UUID).length;
    const countAtCancel = fromCancelled();
    await call(`${producer.url}/subscriptions`, { json: { callbackUrl, mode: 'continuous', intervalMs: 5, event: 'twin' } });
    await receiver.waitForPosts(receiver.posts().length + 5);
    expect(fromCancelled()).toBe(countAtCancel);
    expect((await call(`${producer.url}${href}`)).body.state).toBe('cancelled');

    const twice = await call(`${producer.url}${href}`, { method: 'DELETE' });
    expect(twice.status).toBe(410);
  });

  it('stops after maxNotifications, marking the last one', async () => {
    const { receiver, producer, callbackUrl } = await setup();
    const created = await call(`${producer.url}/subscriptions`, { json: { callbackUrl, mode: 'continuous', intervalMs: 1, maxNotifications: 3 } });
    await expect.poll(async () => (await call(`${producer.url}/subscriptions/${created.body.UUID}`)).body.state).toBe('completed');
    const posts = receiver.posts();
    expect(posts).toHaveLength(3);
    expect(posts[2]?.body.data.last).toBe(true);
  });

  it('ends a subscription the subscriber answers with 410', async () => {
    const { receiver, producer, callbackUrl, lines } = await setup({}, (r) => ({ status: r.method === 'POST' ? 410 : 200 }));
    const created = await call(`${producer.url}/subscriptions`, { json: { callbackUrl, mode: 'continuous', intervalMs: 1 } });
    await expect.poll(async () => (await call(`${producer.url}/subscriptions/${created.body.UUID}`)).body.state).toBe('refused-by-subscriber');
    expect(receiver.posts()).toHaveLength(1);
    expect(lines.some((line) => line.includes('answered 410'))).toBe(true);
  });

  it('refuses with 403 problem+json: http without allowHttp, and hosts under .invalid', async () => {
    const { producer, receiver } = await setup({ allowHttp: false });
    const http = await call(`${producer.url}/subscriptions`, { json: { callbackUrl: `${receiver.url}/x` } });
    expect(http.status).toBe(403);
    expect(http.headers['content-type']).toContain('application/problem+json');
    expect(http.body).toMatchObject({ status: 403, instance: '/subscriptions', title: expect.any(String), type: expect.any(String) });
    expect(http.body.detail).toContain('--allow-http');

    const refused = await call(`${producer.url}/subscriptions`, { json: { callbackUrl: 'https://refused.invalid/hook' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('refused.invalid');
    expect(receiver.received).toHaveLength(0);
  });

  it('answers a malformed request with 400 and an unknown subscription with 404, both problem+json', async () => {
    const { producer } = await setup();
    const missing = await call(`${producer.url}/subscriptions`, { json: { url: 'https://a.example/' } });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('callbackUrl');
    const badMode = await call(`${producer.url}/subscriptions`, { json: { callbackUrl: 'https://a.example/', mode: 'sometimes' } });
    expect(badMode.status).toBe(400);
    const unknown = await call(`${producer.url}/subscriptions/0000`, { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});
