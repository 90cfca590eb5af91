import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReceiver, CallbackTimeoutError, type Receiver } from 'cbtest';

// The app under test: it accepts an order and calls the caller's URL back once the order is processed.
async function startOrderService(): Promise<FastifyInstance> {
  const app = Fastify();
  app.post('/orders', async (request, reply) => {
    const { orderId, callbackUrl } = request.body as { orderId: string; callbackUrl: string };
    setTimeout(() => {
      void fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderId, status: 'completed' }) });
    }, 20);
    return reply.code(202).send({ accepted: true });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

let orders: FastifyInstance;
let receiver: Receiver;
beforeAll(async () => {
  orders = await startOrderService();
  receiver = await startReceiver(); // port 0: any free port
});
afterAll(async () => {
  await receiver.close();
  await orders.close();
});

test('the order service calls back once the order is processed', async () => {
  const hook = receiver.endpoint(); // a fresh URL of its own: http://127.0.0.1:PORT/cb/<token>
  const answer = await orders.inject({ method: 'POST', url: '/orders', payload: { orderId: 'o-1', callbackUrl: hook.url } });
  expect(answer.statusCode).toBe(202);

  // Counts callbacks that already arrived too, so a fast producer cannot slip past the wait.
  const [callback] = await hook.waitFor({ expect: '$.body.status == "completed"', timeout: '10s' });
  expect(callback!.body).toEqual({ orderId: 'o-1', status: 'completed' });
  expect(callback!.headers['content-type']).toBe('application/json');
});

test('a callback that never comes is a typed timeout, with what did arrive', async () => {
  const hook = receiver.endpoint();
  const waiting = hook.waitFor({ timeout: '200ms' });
  await expect(waiting).rejects.toBeInstanceOf(CallbackTimeoutError);
  await expect(waiting).rejects.toMatchObject({ exitCode: 3, received: [] });
});
