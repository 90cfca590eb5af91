import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';
import { startScriptedRpcProducer } from '../helpers/producers.js';
import { requestThroughTunnel, startLocaltunnelServer, type LocaltunnelTestServer } from '../helpers/localtunnel-server.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'cbtest-cert-'));

describe('cbtest listen --tunnel against a localtunnel server', () => {
  let server: LocaltunnelTestServer;
  beforeAll(async () => {
    server = await startLocaltunnelServer();
  });
  afterAll(() => server.close());

  it('receives callbacks sent to the public URL with exact bytes, and survives the tunnel server restarting', async () => {
    const run = runCli(['listen', '--port', '0', '--json', '--count', '2', '--timeout', '40s', '--tunnel', '--tunnel-host', server.url]);
    const listening = JSON.parse(await run.waitForLine(/"type":"listening"/, 20_000)) as { publicUrl: string };
    expect(listening.publicUrl).toMatch(/^http:\/\/[\w-]+\.localhost:\d+$/);
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x00, 0xff]);
    const first = await requestThroughTunnel(listening.publicUrl, { method: 'POST', path: '/hook', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(first.status).toBe(200);

    await server.stop();
    await run.waitForLine(/"type":"tunnel","seq":\d+,"at":"[^"]+","state":"down"/, 20_000);
    await server.start();
    const reopened = JSON.parse(await run.waitForLine(/"state":"reopened"/, 30_000)) as { url: string };
    const second = await requestThroughTunnel(reopened.url, { method: 'POST', path: '/again', body: '{"after":"restart"}', headers: { 'content-type': 'application/json' } });
    expect(second.status).toBe(200);
    expect(await run.exited).toBe(0);

    const callbacks = parseNdjson(run.stdout()).filter((event) => event.type === 'callback');
    expect(Buffer.from(String(callbacks[0]!.bodyBase64), 'base64')).toEqual(bytes);
    expect(callbacks[1]).toMatchObject({ path: '/again', body: { after: 'restart' } });
  });

  it('fails a fire with exit 4 when the tunnel comes back under another URL before the callback arrived', async () => {
    const producer = await startScriptedRpcProducer((call, url) => ({ body: { jsonrpc: '2.0', id: call.id, result: { callback: { url, status: true, data: [] } } } }));
    const run = runCli(['fire', '--rpc', `${producer.url}/rpc`, '--method', 'x', '--json', '--timeout', '40s', '--tunnel', '--tunnel-host', server.url]);
    try {
      await run.waitForLine(/"type":"ack"/, 20_000);
      server.refuseSubdomains = true;
      await server.stop();
      await server.start();
      expect(await run.exited).toBe(4);
      expect(parseNdjson(run.stdout()).at(-1)).toMatchObject({ type: 'result', exitCode: 4, reason: expect.stringMatching(/tunnel URL changed from \S+ to \S+: callbacks sent to the old URL are lost/) });
    } finally {
      server.refuseSubdomains = false;
      await producer.close();
    }
  });

  it('exits 4 within the open timeout when the tunnel server refuses', async () => {
    server.mode = 'forbid';
    try {
      const result = await runCliToEnd(['listen', '--port', '0', '--tunnel', '--tunnel-host', server.url]);
      expect(result.code).toBe(4);
      expect(result.stdout + result.stderr).toMatch(/403/);
    } finally {
      server.mode = 'grant';
    }
  });
});

describe('cbtest listen --https', () => {
  it('serves TLS with a certificate whose printed PEM path a real client can trust', async () => {
    const run = runCli(['listen', '--port', '0', '--https', '--count', '1', '--json'], { env: { CBTEST_CACHE_DIR: cacheDir } });
    const listening = JSON.parse(await run.waitForLine(/"type":"listening"/)) as { url: string; certPath: string };
    expect(listening.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(listening.certPath, 'utf8');
    const dispatcher = new Agent({ connect: { ca } });
    const response = await request(`${listening.url.replace('127.0.0.1', 'localhost')}/secure`, { method: 'POST', body: '{"tls":true}', headers: { 'content-type': 'application/json' }, dispatcher });
    expect(response.statusCode).toBe(200);
    await response.body.dump();
    await dispatcher.close();
    expect(await run.exited).toBe(0);
    expect(parseNdjson(run.stdout()).find((event) => event.type === 'callback')).toMatchObject({ path: '/secure', body: { tls: true } });
  });
});

describe('cbtest listen --forward-to', () => {
  it("delivers byte-identical callbacks to the app, answers with the app's response, and says when the app is down", async () => {
    const app = Fastify();
    const received: Array<{ url: string; body: Buffer; header: unknown }> = [];
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.all('*', async (req, reply) => {
      received.push({ url: req.url, body: req.body as Buffer, header: req.headers['x-signature'] });
      return reply.code(201).header('x-app', 'yes').send('{"stored":true}');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/webhooks`;

    const run = runCli(['listen', '--port', '0', '--json', '--count', '2', '--forward-to', appUrl]);
    const { url } = JSON.parse(await run.waitForLine(/"type":"listening"/)) as { url: string };
    const odd = Buffer.from('{ "amount" :  12.50 ,"note":"caf\u00e9"}');
    const answer = await request(`${url}/stripe?live=0`, { method: 'POST', body: odd, headers: { 'content-type': 'application/json', 'x-signature': 't=1,v1=abc' } });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-app']).toBe('yes');
    expect(await answer.body.text()).toBe('{"stored":true}');
    expect(received[0]).toEqual({ url: '/webhooks/stripe?live=0', body: odd, header: 't=1,v1=abc' });

    await app.close();
    const down = await request(`${url}/stripe`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(down.statusCode).toBe(502);
    await down.body.dump();
    // In a gate (--count), a callback the app could not take fails the run (exit 4) naming why.
    expect(await run.exited).toBe(4);
    expect(parseNdjson(run.stdout()).at(-1)).toMatchObject({ type: 'result', exitCode: 4, reason: expect.stringMatching(/could not be forwarded: app at .* is not answering/) });
    const callbacks = parseNdjson(run.stdout()).filter((event) => event.type === 'callback');
    expect(callbacks[0]).toMatchObject({ response: { status: 201 }, forward: { status: 201 } });
    expect(callbacks[1]).toMatchObject({ response: { status: 502 }, forward: { error: expect.stringMatching(/is not answering \(ECONNREFUSED\)/) } });
  });
});

describe('cbtest fire --forward-to', () => {
  it("forwards the callback without the run's token path, and the producer gets the app's answer", async () => {
    const app = Fastify();
    const seen: string[] = [];
    app.post('*', async (req, reply) => {
      seen.push(req.url);
      return reply.code(202).send({ app: 'took it' });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/hooks`;
    const answers: number[] = [];
    const producer = await startScriptedRpcProducer((call, url, post) => {
      setTimeout(() => void post({ jsonrpc: '2.0', id: call.id, result: { ok: true } }, `${url}/orders?attempt=1`).then((status) => answers.push(status)), 20);
      return { body: { jsonrpc: '2.0', id: call.id, result: { callback: { url, status: true, data: [] } } } };
    });
    const result = await runCliToEnd(['fire', '--rpc', `${producer.url}/rpc`, '--method', 'x', '--forward-to', appUrl, '--json']);
    await producer.close();
    await app.close();
    expect(result.code).toBe(0);
    expect(seen).toEqual(['/hooks/orders?attempt=1']);
    expect(answers).toEqual([202]);
    expect(parseNdjson(result.stdout).find((event) => event.type === 'callback')).toMatchObject({ matched: true, response: { status: 202 }, forward: { status: 202 } });
  });
});
