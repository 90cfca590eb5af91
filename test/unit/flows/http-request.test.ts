import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPlainRequest } from '../../../src/flows/http-request.js';

const received: Array<{ method: string; headers: IncomingMessage['headers']; body: string }> = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ method: request.method!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (request.url === '/stall') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('part');
      return; // never ends
    }
    if (request.url === '/silent') return;
    response.setHeader('set-cookie', ['a=1', 'b=2']);
    response.setHeader('x-one', 'one');
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end('\ufeff{"ok":true}');
  });
});
let base: URL;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('sendPlainRequest (the client fire, send and replay go out through)', () => {
  it('sends the body with its length, reports it sent before the answer, and reads repeated headers as arrays', async () => {
    const order: string[] = [];
    const answer = await sendPlainRequest({ method: 'POST', url: new URL('/hook', base), headers: { 'content-type': 'application/json' }, body: '{"é":1}', timeoutMs: 5000, onSent: () => order.push('sent') });
    order.push('answered');
    expect(order).toEqual(['sent', 'answered']);
    expect(received.at(-1)).toMatchObject({ method: 'POST', body: '{"é":1}', headers: { 'content-length': '8' } });
    expect(answer).toMatchObject({ status: 201, text: '{"ok":true}', headers: { 'set-cookie': ['a=1', 'b=2'], 'x-one': 'one', 'content-type': 'application/json' } });
  });

  it('names a stalled body and a silent server as timeouts, and an abort as an abort', async () => {
    const url = (path: string) => new URL(path, base);
    await expect(sendPlainRequest({ method: 'GET', url: url('/stall'), headers: {}, body: null, timeoutMs: 300 })).rejects.toMatchObject({ code: 'BODY_TIMEOUT' });
    await expect(sendPlainRequest({ method: 'GET', url: url('/silent'), headers: {}, body: null, timeoutMs: 300 })).rejects.toMatchObject({ code: 'HEADERS_TIMEOUT' });
    const abort = new AbortController();
    const pending = sendPlainRequest({ method: 'GET', url: url('/silent'), headers: {}, body: null, timeoutMs: 30_000, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a refused connection with its code, and still calls onSent once', async () => {
    let sent = 0;
    const closed = new URL('http://127.0.0.1:9/');
    await expect(sendPlainRequest({ method: 'POST', url: closed, headers: {}, body: 'x', timeoutMs: 5000, onSent: () => (sent += 1) })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(sent).toBe(1);
  });
});
