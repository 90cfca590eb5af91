import { generate } from 'selfsigned';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProducer } from '../../src/serve/producer.js';
import { call } from './http.js';
import { startRecordingReceiver } from './recording-receiver.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

let tls: { cert: string; key: string };
beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'serve test receiver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  tls = { cert: pems.cert, key: pems.private };
});

describe('https callback URLs (the default rule, no --allow-http)', () => {
  it('delivers to an https receiver whose certificate it was told to trust', async () => {
    const receiver = await startRecordingReceiver(undefined, tls);
    closers.push(() => receiver.close());
    const producer = await startProducer({ allowHttp: false, processingDelayMs: 1, trustCertificates: [tls.cert], port: 0, host: '127.0.0.1' });
    closers.push(() => producer.close());
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 1, method: 'OrderService.processOrder', params: { orderId: 9, '$rpc.callback': `${receiver.url}/cb` } } });
    expect(ack.body.result.callback.status).toBe(true);
    const [callback] = await receiver.waitForPosts(1);
    expect(callback?.body.result).toMatchObject({ orderId: 9, status: 'completed' });
  });

  it('refuses an https receiver with an untrusted certificate as not reachable', async () => {
    const receiver = await startRecordingReceiver(undefined, tls);
    closers.push(() => receiver.close());
    const producer = await startProducer({ allowHttp: false, port: 0, host: '127.0.0.1' });
    closers.push(() => producer.close());
    const ack = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 1, method: 'echo', params: { '$rpc.callback': `${receiver.url}/cb` } } });
    expect(ack.body.error.code).toBe(-32001);
    expect(ack.body.error.message).toMatch(/^callback URL not reachable: .*certificate/i);
  });
});
