import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CallbackTimeoutError, ExpectationError, fire, replay, send, startReceiver, UsageError, type CbEvent, type FireResult, type Receiver } from 'cbtest';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

let producer: Running;
beforeAll(async () => {
  producer = await startReferenceProducer(); // `cbtest serve`'s app on a free port
});
afterAll(() => producer.close());

async function subscribe(callbackUrl: string, extra: object = {}): Promise<string> {
  const response = await request(`${producer.url}/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callbackUrl, ...extra }) });
  const body = (await response.body.json()) as { UUID: string };
  expect(response.statusCode).toBe(201);
  return body.UUID;
}

describe('startReceiver and its endpoints, with cbtest serve as the producer', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ respondSeq: [200] });
  });
  afterAll(() => receiver.close());

  test('waitFor sees a callback that arrived before the wait was armed; next() waits for a new one only', async () => {
    const hook = receiver.endpoint();
    expect(hook.url).toBe(`${receiver.url}${hook.path}`);
    expect(hook.path).toMatch(/^\/cb\/[\w-]{16}$/);
    const uuid = await subscribe(hook.url);
    const [first] = await hook.waitFor({ timeout: '10s' });
    expect(first).toMatchObject({ type: 'callback', method: 'POST', path: hook.path, body: { UUID: uuid, sequence: 1 } });
    // Armed after the first one landed: still counted (no race between trigger and wait).
    expect((await hook.waitFor({ count: 1 }))[0]!.seq).toBe(first!.seq);
    // next() ignores what is already there: it resolves with the second subscription's notification.
    const pending = hook.next({ timeout: '10s' });
    const second = await subscribe(hook.url);
    expect((await pending).body).toMatchObject({ UUID: second });
    const both = await hook.waitFor({ count: 2, until: '$.body.event == "task.completed"', timeout: '10s' });
    expect(both.map((event) => (event.body as { UUID: string }).UUID)).toEqual([uuid, second]);
    expect(hook.received).toHaveLength(2);
  });

  test('endpoints keep their own callbacks apart', async () => {
    const [a, b] = [receiver.endpoint(), receiver.endpoint()];
    await subscribe(b.url);
    await b.waitFor({ timeout: '10s' });
    expect(a.received).toEqual([]);
    await expect(a.waitFor({ timeout: '300ms' })).rejects.toBeInstanceOf(CallbackTimeoutError);
  });

  test('a failed expectation rejects with ExpectationError and the failed assertions', async () => {
    const hook = receiver.endpoint();
    await subscribe(hook.url);
    const error = (await hook.waitFor({ expect: ['$.body.event == "task.cancelled"'], timeout: '10s' }).catch((caught: unknown) => caught)) as ExpectationError;
    expect(error).toBeInstanceOf(ExpectationError);
    expect(error.exitCode).toBe(1);
    expect(error.failures).toEqual([expect.objectContaining({ type: 'assertion', pass: false, expr: '$.body.event == "task.cancelled"', actual: 'task.completed' })]);
    expect(error.message).toContain('$.body.event == "task.cancelled": got "task.completed"');
  });

  test('a bad expression or option is a UsageError before anything waits', async () => {
    const hook = receiver.endpoint();
    await expect(hook.waitFor({ expect: '$.body.status ==' })).rejects.toBeInstanceOf(UsageError);
    await expect(hook.waitFor({ timeout: '30' })).rejects.toThrow(/30 needs a unit|30s/);
    await expect(startReceiver({ publicURL: 'x' } as never)).rejects.toThrow("startReceiver: unknown option 'publicURL'");
  });

  test('close() ends a pending wait with what had arrived, and `await using` closes by itself', async () => {
    let url = '';
    {
      await using scoped = await startReceiver();
      url = scoped.url;
      const pending = scoped.endpoint().waitFor({ timeout: null });
      await scoped.close();
      await expect(pending).rejects.toThrow(/the receiver was closed while waiting/);
    }
    await expect(request(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('fire, send and replay resolve with typed results', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbtest-library-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('fire.rpc: the verdict, the exit code the CLI would give, the callbacks and every event', async () => {
    const record = join(dir, 'fire.ndjson');
    const result: FireResult = await fire.rpc({ url: `${producer.url}/rpc`, method: 'OrderService.processOrder', params: { orderId: 'o-9' }, expect: ['$.body.result.status == "completed"'], timeout: '20s', record });
    expect(result).toMatchObject({ pass: true, exitCode: 0 });
    expect(result.reason).toBeUndefined();
    expect(result.callbacks).toHaveLength(1);
    expect(result.callbacks[0]!.body).toMatchObject({ result: { orderId: 'o-9', status: 'completed' } });
    // The producer's reachability probe lands while the request waits for its answer; it is recorded, never counted.
    expect(result.events.map((event: CbEvent) => event.type).filter((type) => type !== 'probe')).toEqual(['listening', 'request', 'ack', 'callback', 'assertion', 'assertion', 'result']);

    const failed = await fire.rpc({ url: `${producer.url}/rpc`, method: 'OrderService.failOrder', params: { orderId: 'o-10' }, timeout: '20s' });
    expect(failed).toMatchObject({ pass: false, exitCode: 1, reason: expect.stringContaining('payment declined') });

    const unreachable = await fire.rpc({ url: 'http://127.0.0.1:9/rpc', method: 'X', timeout: '5s' });
    expect(unreachable).toMatchObject({ pass: false, exitCode: 4, reason: expect.stringContaining('ECONNREFUSED') });

    await expect(fire.rpc({ url: 'not a url', method: 'X' })).rejects.toBeInstanceOf(UsageError);

    // The record file is a cbtest record: replaying it resends the callback to a receiver of ours.
    await using target = await startReceiver();
    const hook = target.endpoint();
    const replayed = await replay(record, { to: hook.url });
    expect(replayed).toMatchObject({ pass: true, exitCode: 0 });
    expect(replayed.events.map((event) => event.type)).toEqual(['request', 'ack', 'result']);
    expect(replayed.events[0]).toMatchObject({ type: 'request', replayOf: result.callbacks[0]!.seq });
    const [again] = await hook.waitFor({ timeout: '10s' });
    expect(again!.bodyBase64).toBe(result.callbacks[0]!.bodyBase64);
  });

  test('fire.rpc inside a receiver the test already started shares its port, with its own planted path', async () => {
    await using receiver = await startReceiver();
    const result = await fire.rpc({ receiver, url: `${producer.url}/rpc`, method: 'OrderService.processOrder', params: { orderId: 'o-11' }, timeout: '20s' });
    expect(result).toMatchObject({ pass: true, exitCode: 0 });
    expect(result.callbacks[0]!.path).toMatch(/^\/cb\//);
    expect(result.events.some((event) => event.type === 'listening')).toBe(false);
    expect(receiver.events().some((event) => event.type === 'callback' && event.seq === result.callbacks[0]!.seq)).toBe(true);
  });

  test('send: 2xx passes with the answer; anything else is exit 4', async () => {
    await using receiver = await startReceiver({ respondSeq: [200, 503] });
    const hook = receiver.endpoint();
    const ok = await send(hook.url, { data: { paid: true }, headers: { 'user-token': 'abc' } });
    expect(ok).toMatchObject({ pass: true, exitCode: 0, status: 200 });
    const [arrived] = await hook.waitFor();
    expect(arrived).toMatchObject({ body: { paid: true }, headers: { 'user-token': 'abc' } });
    const refused = await send(hook.url, { data: { paid: true } });
    expect(refused).toMatchObject({ pass: false, exitCode: 4, status: 503 });
  });

  test('replay of a file that is not a record rejects with a UsageError naming the line', async () => {
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, '{"type":"listening","seq":1,"at":"2026-12-01T00:00:00Z","url":"http://x"}\nnope\n');
    await expect(replay(broken)).rejects.toThrow(`${broken}:2: not JSON: "nope"`);
  });
});
