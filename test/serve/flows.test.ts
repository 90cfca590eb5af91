import { afterEach, describe, expect, it } from 'vitest';
import { startProducer, type ProducerOptions } from '../../src/serve/producer.js';
import { call } from './http.js';
import { startRecordingReceiver } from './recording-receiver.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function startFlow(options: Partial<ProducerOptions> = {}) {
  const receiver = await startRecordingReceiver();
  closers.push(() => receiver.close());
  const lines: string[] = [];
  const producer = await startProducer({ allowHttp: true, processingDelayMs: 1, log: (line) => lines.push(line), ...options, port: 0, host: '127.0.0.1' });
  closers.push(() => producer.close());
  const callbackUrl = `${receiver.url}/flow/done`;
  const ack = await call(`${producer.url}/rpc`, {
    json: { jsonrpc: '2.0', id: 'flow-1', method: 'FlowService.start', params: { order: 'A7', '$rpc.callback': callbackUrl } },
  });
  const [entry] = ack.body.result.callback.data as Array<{ flowId: string; triggerUrl: string }>;
  if (!entry) throw new Error(`no flow in the acknowledgment: ${ack.text}`);
  return { receiver, producer, lines, ack, ...entry };
}

describe('a flow paused until its trigger URL is called', () => {
  it('hands out an absolute trigger URL and calls back with the trigger data once activated', async () => {
    const { receiver, producer, lines, flowId, triggerUrl } = await startFlow();
    expect(triggerUrl.startsWith(`${producer.url}/api/automation/flow/${flowId}/trigger/`)).toBe(true);
    expect(triggerUrl).toMatch(/\/trigger\/[0-9A-F-]{36}\/activate$/);
    expect(lines.some((line) => line.includes(triggerUrl))).toBe(true);

    const data = { data: [{ name: 'shampoo', price: 9.95 }] };
    const activation = await call(triggerUrl, { json: data });
    expect(activation.status).toBe(200);
    expect(activation.text).toBe('');

    const [callback] = await receiver.waitForPosts(1);
    expect(callback?.body).toEqual({ jsonrpc: '2.0', id: 'flow-1', result: { flowId, status: 'completed', triggerData: data, user: null } });

    const again = await call(triggerUrl, { json: {} });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already activated');
  });

  it('needs a callback: without $rpc.callback the call is refused', async () => {
    const producer = await startProducer({ allowHttp: true, port: 0, host: '127.0.0.1' });
    closers.push(() => producer.close());
    const answer = await call(`${producer.url}/rpc`, { json: { jsonrpc: '2.0', id: 1, method: 'FlowService.start', params: {} } });
    expect(answer.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('$rpc.callback') });
  });

  it('refuses an activation without the required user-token (onFail error), then accepts the right one', async () => {
    const { receiver, triggerUrl } = await startFlow({ flowAuth: { requireToken: 'secret-token', onFail: 'error' } });
    const missing = await call(triggerUrl, { json: { paid: true } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 1000, message: expect.stringContaining('user-token') });
    const wrong = await call(triggerUrl, { json: { paid: true }, headers: { 'user-token': 'guess' } });
    expect(wrong.status).toBe(401);

    const right = await call(triggerUrl, { json: { paid: true }, headers: { 'user-token': 'secret-token' } });
    expect(right.status).toBe(200);
    const [callback] = await receiver.waitForPosts(1);
    expect(callback?.body.result.triggerData).toEqual({ paid: true });
    expect(callback?.body.result.user).toMatchObject({ objectId: expect.any(String) });
    expect(JSON.stringify(callback?.body)).not.toContain('secret-token');
  });

  it('answers 200 but keeps waiting when the token is missing and onFail is ignore', async () => {
    const { receiver, lines, triggerUrl, producer, flowId } = await startFlow({ flowAuth: { requireToken: 'secret-token', onFail: 'ignore' } });
    const ignored = await call(triggerUrl, { json: { paid: true } });
    expect(ignored.status).toBe(200);
    expect(lines.some((line) => line.includes('ignored'))).toBe(true);
    const state = await call(`${producer.url}/flows/${flowId}`);
    expect(state.body.state).toBe('waiting');
    // Had the ignored trigger resumed the flow, its callback would come before (or beside) the one a valid trigger causes.
    expect((await call(triggerUrl, { json: { paid: true }, headers: { 'user-token': 'secret-token' } })).status).toBe(200);
    await receiver.waitForPosts(1);
    await expect.poll(async () => (await call(`${producer.url}/flows/${flowId}`)).body.state).not.toBe('waiting');
    expect(receiver.posts()).toHaveLength(1);
  });

  it('answers 404 for an unknown flow or trigger and 400 for a body that is not an object', async () => {
    const { producer, flowId, triggerUrl } = await startFlow();
    const unknownFlow = await call(`${producer.url}/api/automation/flow/NOPE/trigger/NOPE/activate`, { json: {} });
    expect(unknownFlow.status).toBe(404);
    expect(unknownFlow.body.message).toContain('NOPE');
    const wrongTrigger = await call(`${producer.url}/api/automation/flow/${flowId}/trigger/OTHER/activate`, { json: {} });
    expect(wrongTrigger.status).toBe(404);
    const array = await call(triggerUrl, { json: [1, 2] });
    expect(array.status).toBe(400);
    expect(array.body.message).toContain('must be a JSON object, got an array');
    const broken = await call(triggerUrl, { text: '{nope', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toContain('not valid JSON');
  });

  it('starts a flow without JSON-RPC: POST /flows, then a plain JSON callback after activation', async () => {
    const receiver = await startRecordingReceiver();
    closers.push(() => receiver.close());
    const producer = await startProducer({ allowHttp: true, processingDelayMs: 1, port: 0, host: '127.0.0.1' });
    closers.push(() => producer.close());
    const started = await call(`${producer.url}/flows`, { json: { callbackUrl: `${receiver.url}/rest` } });
    expect(started.status).toBe(201);
    expect(started.body.triggerUrl).toContain(`/api/automation/flow/${started.body.flowId}/trigger/`);
    await call(started.body.triggerUrl, { json: { ok: 1 } });
    const [callback] = await receiver.waitForPosts(1);
    expect(callback?.body).toEqual({ flowId: started.body.flowId, status: 'completed', triggerData: { ok: 1 }, user: null });

    const refused = await call(`${producer.url}/flows`, { json: { callbackUrl: 'ftp://x.example/' } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('ftp:');
  });
});
