import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { forwardCallback, forwardUrl, parseForwardTarget } from '../../../src/receiver/forward.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let app: FastifyInstance;
let appUrl: string;
let seen: Seen[];

beforeEach(async () => {
  seen = [];
  app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    seen.push({ method: request.method, url: request.url, headers: request.headers, body });
    if (request.url.startsWith('/slow')) return new Promise(() => {});
    if (request.url.startsWith('/binary')) return reply.code(202).type('application/octet-stream').send(Buffer.from([0, 1, 0x1b, 0xff]));
    return reply.code(202).header('x-app', 'demo').type('text/plain').send('accepted \u001b[2J now');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await app.close();
});

describe('forwardCallback', () => {
  it('delivers the exact bytes of a JSON body with odd spacing, keeping path suffix and query', async () => {
    const body = Buffer.from('{ "event" :"paid",\n\t"amount":  10.50 , "note":"caf\u00e9" }');
    const result = await forwardCallback(`${appUrl}/webhooks`, {
      method: 'POST',
      pathAndQuery: '/stripe/evt_1?attempt=2&x=%20y',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc', 'x-multi': ['a', 'b'] },
      body,
    });

    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ url: `${appUrl}/webhooks/stripe/evt_1?attempt=2&x=%20y`, status: 202 });
    expect(result.headers?.['x-app']).toBe('demo');
    expect(result.body?.toString()).toBe('accepted \u001b[2J now');
    expect(result.bodyPreview).toBe('accepted \\u001b[2J now');

    const arrived = seen[0];
    expect(arrived).toMatchObject({ method: 'POST', url: '/webhooks/stripe/evt_1?attempt=2&x=%20y' });
    expect(arrived?.body.equals(body)).toBe(true);
    expect(arrived?.headers['stripe-signature']).toBe('t=1,v1=abc');
    expect(arrived?.headers['x-multi']).toBe('a, b');
    expect(arrived?.headers['content-length']).toBe(String(body.length));
  });

  it('delivers binary bodies unchanged and describes a binary answer instead of printing it', async () => {
    const body = Buffer.from([...Array(256).keys()]);
    const result = await forwardCallback(appUrl, {
      method: 'PUT',
      pathAndQuery: '/binary',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(seen[0]?.method).toBe('PUT');
    expect(seen[0]?.body.equals(body)).toBe(true);
    expect(result.body?.equals(Buffer.from([0, 1, 0x1b, 0xff]))).toBe(true);
    expect(result.bodyPreview).toBe('<4B binary>');
  });

  it('strips hop-by-hop headers, including those named by Connection, and sets its own Host', async () => {
    await forwardCallback(appUrl, {
      method: 'POST',
      pathAndQuery: '/',
      headers: {
        host: 'abc.loca.lt',
        connection: 'keep-alive, x-hop',
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic eA==',
        te: 'trailers',
        trailer: 'x-sum',
        upgrade: 'websocket',
        'x-hop': 'drop me',
        'content-length': '999',
        'x-keep': 'kept',
      },
      body: Buffer.from('hi'),
    });
    const headers = seen[0]?.headers ?? {};
    expect(headers.host).toBe(new URL(appUrl).host);
    expect(headers['content-length']).toBe('2');
    expect(headers['x-keep']).toBe('kept');
    for (const name of ['keep-alive', 'proxy-authorization', 'te', 'trailer', 'upgrade', 'x-hop']) {
      expect(headers).not.toHaveProperty(name);
    }
  });

  it('reports an app that is down as an error naming it, without throwing', async () => {
    await app.close();
    const result = await forwardCallback(`${appUrl}/hooks`, { method: 'POST', pathAndQuery: '/a', headers: {}, body: Buffer.from('x') });
    expect(result.status).toBeUndefined();
    expect(result.url).toBe(`${appUrl}/hooks/a`);
    expect(result.error).toBe(`app at ${appUrl} is not answering (ECONNREFUSED); start it or fix --forward-to`);
  });

  it('reports an app that does not answer in time', async () => {
    const result = await forwardCallback(appUrl, { method: 'GET', pathAndQuery: '/slow', headers: {}, body: Buffer.alloc(0) }, { timeoutMs: 200 });
    expect(result.error).toMatch(/^app at http:\/\/127\.0\.0\.1:\d+ did not answer within 200ms; start it or fix --forward-to$/);
  });
});

describe('forwardUrl', () => {
  it('appends the suffix to the target path and merges queries', () => {
    expect(forwardUrl('http://app:3000/hooks/', '/a/b?x=1').href).toBe('http://app:3000/hooks/a/b?x=1');
    expect(forwardUrl('http://app:3000/hooks?token=t', '?x=1').href).toBe('http://app:3000/hooks?token=t&x=1');
    expect(forwardUrl('http://app:3000', '').href).toBe('http://app:3000/');
  });

  it('rejects a target that is not an http(s) URL as a usage error', () => {
    expect(() => parseForwardTarget('localhost:3000')).toThrow(UsageError);
    expect(() => parseForwardTarget('localhost:3000')).toThrow(/--forward-to 'localhost:3000'/);
  });
});
