import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../../src/core/events.js';
import type { Answerer, ReceiverOptions } from '../../../src/receiver/app.js';
import { defaultResponseRules } from '../../../src/receiver/response-rules.js';
import { startReceiver, type RunningReceiver } from '../../../src/receiver/start-receiver.js';

let receiver: RunningReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function start(options: Partial<ReceiverOptions>): Promise<{ url: string; recorded: EventDraft[] }> {
  const recorded: EventDraft[] = [];
  receiver = await startReceiver({ port: 0, host: '127.0.0.1' }, { bodyLimit: 1024, rules: defaultResponseRules, record: (draft) => recorded.push(draft), ...options });
  return { url: receiver.url, recorded };
}

async function post(url: string, body: string) {
  const response = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('the answer pipeline', () => {
  it('lets an option add an answerer at a named stage: it answers, later stages never run, the record says what the sender got', async () => {
    const refuseUnsigned: Answerer = (exchange) => {
      if (exchange.headers['x-signature'] !== undefined) {
        exchange.marks.signature = 'valid';
        return null;
      }
      return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'unsigned', uncounted: 'no x-signature header' };
    };
    const { url, recorded } = await start({ answerers: { signature: [refuseUnsigned] } });
    expect(await post(`${url}/hook`, '{"a":1}')).toMatchObject({ status: 401, text: 'unsigned' });
    const signed = await request(`${url}/hook`, { method: 'POST', body: '{"a":2}', headers: { 'content-type': 'application/json', 'x-signature': 'ok' } });
    expect(signed.statusCode).toBe(200);
    expect(await signed.body.text()).toBe('{"received":true}');
    expect(recorded).toMatchObject([
      { type: 'callback', body: { a: 1 }, response: { status: 401 }, matched: false, note: 'no x-signature header' },
      { type: 'callback', body: { a: 2 }, response: { status: 200 }, matched: true, signature: 'valid' },
    ]);
  });

  it('keeps the built-in stages first: probes are answered before any added answerer', async () => {
    const never: Answerer = () => ({ status: 418 });
    const { url, recorded } = await start({ answerers: { signature: [never] } });
    const probe = await request(`${url}/hook`, { method: 'OPTIONS' });
    await probe.body.dump();
    expect(probe.statusCode).toBe(200);
    expect((await post(url, '{"x":1}')).status).toBe(418);
    expect(recorded.map((event) => event.type)).toEqual(['probe', 'callback']);
  });

  it('an answerer may take its time (async) and still pass to the next stage', async () => {
    const slowPass: Answerer = () => new Promise((resolve) => setImmediate(() => resolve(null)));
    const { url, recorded } = await start({ answerers: { script: [slowPass] }, rules: { ...defaultResponseRules, status: 202 } });
    expect((await post(url, '{}')).status).toBe(202);
    expect(recorded).toMatchObject([{ response: { status: 202 }, matched: true }]);
  });
});
