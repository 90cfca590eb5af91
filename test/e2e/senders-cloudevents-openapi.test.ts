import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CloudEvent, emitterFor, httpTransport, Mode } from 'cloudevents';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli } from '../helpers/cli.js';

const SPEC = fileURLToPath(new URL('../fixtures/openapi/webhooks-3.1.yaml', import.meta.url));

describe('CloudEvents: the SDK emitter after the abuse-protection handshake', () => {
  it('grants the origin, confirms the callback URL with a GET, and reads binary and structured events', { timeout: 60_000 }, async () => {
    // The sender's confirmation endpoint: it records the GET cbtest makes.
    const confirmations: string[] = [];
    const confirmServer = createServer((req, res) => {
      confirmations.push(`${req.method} ${req.url}`);
      res.end('ok');
    });
    await new Promise<void>((resolve) => confirmServer.listen(0, '127.0.0.1', resolve));
    const confirmUrl = `http://127.0.0.1:${(confirmServer.address() as { port: number }).port}/confirm?id=42`;
    try {
      const run = runCli(['listen', '--port', '0', '--json', '--count', '2', '--timeout', '30s', '--expect', '$.cloudevent.type == "com.example.order.created"']);
      const url = `${await listeningUrl(run)}/events`;
      const handshake = await request(url, { method: 'OPTIONS', headers: { 'webhook-request-origin': 'eventemitter.example.com', 'webhook-request-rate': '120', 'webhook-request-callback': confirmUrl } });
      await handshake.body.dump();
      expect(handshake.statusCode).toBe(200);
      expect(handshake.headers['webhook-allowed-origin']).toBe('eventemitter.example.com');
      expect(handshake.headers['webhook-allowed-rate']).toBe('120');

      const event = new CloudEvent({ type: 'com.example.order.created', source: '/orders', subject: 'order/7', data: { orderId: 7 } });
      await emitterFor(httpTransport(url), { mode: Mode.BINARY })(event);
      await emitterFor(httpTransport(url), { mode: Mode.STRUCTURED })(event.cloneWith({ id: 'structured-1' }));
      expect(await run.exited).toBe(0);

      const events = parseNdjson(run.stdout());
      expect(events.find((item) => item.type === 'probe')).toMatchObject({ method: 'OPTIONS', handshake: 'cloudevents', origin: 'eventemitter.example.com', confirmation: { url: confirmUrl, status: 200 } });
      expect(confirmations).toEqual(['GET /confirm?id=42']);
      const callbacks = events.filter((item) => item.type === 'callback');
      expect(callbacks.map((item) => item.cloudevent)).toEqual([
        expect.objectContaining({ specversion: '1.0', id: event.id, source: '/orders', type: 'com.example.order.created', subject: 'order/7', data: { orderId: 7 } }),
        expect.objectContaining({ id: 'structured-1', type: 'com.example.order.created', data: { orderId: 7 } }),
      ]);
      // The CloudEvents id is the delivery key.
      expect(callbacks.map((item) => (item.delivery as { key: string }).key)).toEqual([event.id, 'structured-1']);
    } finally {
      confirmServer.close();
    }
  });

  it('an event without its required attributes is recorded with cloudeventError', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s']);
    const url = await listeningUrl(run);
    const answer = await request(url, { method: 'POST', body: '{"specversion":"1.0","id":"x","type":"t"}', headers: { 'content-type': 'application/cloudevents+json' } });
    await answer.body.dump();
    expect(await run.exited).toBe(0);
    expect(parseNdjson(run.stdout()).find((item) => item.type === 'callback')).toMatchObject({ cloudeventError: 'not a valid structured CloudEvent: no source attribute' });
  });
});

describe('listen --openapi: a 3.1 document with webhooks', () => {
  const post = async (url: string, body: unknown) => {
    const answer = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    await answer.body.dump();
    return answer.statusCode;
  };

  it('a payload that fits is answered with the declared 2xx and passes', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '1', '--timeout', '30s', '--openapi', SPEC]);
    const url = await listeningUrl(run);
    expect(await post(`${url}/pets`, { id: 1, name: 'Rex' })).toBe(202);
    expect(await run.exited).toBe(0);
    expect(parseNdjson(run.stdout()).find((item) => item.type === 'callback')).toMatchObject({ schema: { source: 'webhooks.newPet.post', valid: true, errors: [] } });
  });

  it('a payload that does not fails the run with exit 1, every error shown', { timeout: 60_000 }, async () => {
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '30s', '--openapi', SPEC, '--webhook', 'petSold']);
    const url = (await run.waitForLine(/^listening /, 20_000)).split(' ')[1]!;
    expect(await post(`${url}/pets`, { id: 1, name: 'Rex' })).toBe(200);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toContain('✗ schema webhooks.petSold.post: body/petId is required; body/price is required; body/id is not allowed here (got 1); body/name is not allowed here (got "Rex")');
    expect(run.stdout()).not.toMatch(/more\)/);
  });
});
