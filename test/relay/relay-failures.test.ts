import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelKeys, channelNameOf } from '../../src/relay/channel-keys.js';
import { parseNdjson, runCli } from '../helpers/cli.js';
import { onInstance, post, publicUrlOf, REDIS_SERVER, SKIP_REASON, startRedis, startedRelays, startRelayInstance, stopAll, waitForEvents, type TestRedis, type TestRelay } from './relay-harness.js';

const bodiesOf = (events: Array<Record<string, unknown>>): string[] =>
  events.filter((event) => event.type === 'callback').map((event) => Buffer.from(String(event.bodyBase64), 'base64').toString());

// Several Node processes and a Redis per test: on a loaded CI machine starting them alone takes seconds.
vi.setConfig({ testTimeout: 90_000 });

describe.skipIf(!REDIS_SERVER)(`cbtest relay when something dies${REDIS_SERVER ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let redis: TestRedis;
  let a: TestRelay;
  let b: TestRelay;

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startRelayInstance(redis.url, ['--answer-timeout', '20s']), startRelayInstance(redis.url, ['--answer-timeout', '20s'])]);
  }, 90_000);
  afterAll(async () => {
    await stopAll(startedRelays);
    await redis?.stop();
  });

  it('killing the instance that holds the client mid-stream loses nothing: the client resumes on the other one', async () => {
    const listen = runCli(['listen', '--port', '0', '--relay', a.url, '--relay', b.url, '--json']);
    const viaB = onInstance(await publicUrlOf(listen), b.url);
    const sent = Array.from({ length: 30 }, (_, index) => `{"n":${index}}`);
    // Four producers at a time through B; A (holding the client) is killed once ten have been answered.
    let answered = 0;
    const statuses: number[] = [];
    const queue = [...sent];
    const producer = async (): Promise<void> => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
        const { status } = await post(`${viaB}/stream`, body, { 'content-type': 'application/json' });
        statuses.push(status);
        answered += 1;
        if (answered === 10) a.run.child.kill('SIGKILL');
      }
    };
    await Promise.all([producer(), producer(), producer(), producer()]);

    const relayEvents = await waitForEvents(listen, (event) => event.type === 'relay', 3);
    expect(relayEvents.map((event) => event.state)).toEqual(['open', 'down', 'resumed']);
    expect(relayEvents[2]).toMatchObject({ url: viaB, message: `through ${b.url}` });
    await waitForEvents(listen, (event) => event.type === 'callback', sent.length);
    listen.kill('SIGINT');
    await listen.exited;
    const received = bodiesOf(parseNdjson(listen.stdout()));
    // Every callback recorded exactly once; the producers got their answers (one in flight at the kill may time out).
    expect([...received].sort()).toEqual([...sent].sort());
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(sent.length - 4);
    expect(statuses.every((status) => status === 200 || status === 504)).toBe(true);
  });

  it('killing and restarting the client loses nothing and repeats nothing: the new run resumes after what its record holds', async () => {
    const key = randomBytes(16).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'cbtest-relay-'));
    const record = join(dir, 'record.ndjson');
    const first = runCli(['listen', '--port', '0', '--relay', b.url, '--relay-key', key, '--json', '--record', record]);
    const viaB = await publicUrlOf(first);
    for (const n of [1, 2, 3]) expect((await post(`${viaB}/orders`, `{"n":${n}}`)).status).toBe(200);
    first.child.kill('SIGKILL');
    await first.exited;
    // The relay lets the channel go once it sees the connection close (an event in its log, not a sleep).
    await b.run.waitForLine(new RegExp(`client left channel ${new URL(viaB).pathname.slice(3, 9)}`), 30_000);
    // As if the kill had landed before any acknowledgment left: the relay would send 1-3 again, but the record has them.
    const store = createClient({ url: redis.url });
    await store.connect();
    await store.hSet(channelKeys(channelNameOf(key)).meta, 'acked', '0-0');
    await store.close();
    // While nobody holds the channel the producer is told it was queued.
    for (const n of [4, 5]) expect((await post(`${viaB}/orders`, `{"n":${n}}`)).status).toBe(202);

    const second = runCli(['listen', '--port', '0', '--relay', b.url, '--relay-key', key, '--json', '--record', record, '--until', '$.body.n == 6', '--timeout', '60s']);
    expect(await publicUrlOf(second)).toBe(viaB);
    await waitForEvents(second, (event) => event.type === 'callback', 2);
    expect((await post(`${viaB}/orders`, '{"n":6}')).status).toBe(200);
    expect(await second.exited).toBe(0);

    // The record file holds both runs, each callback once.
    const bodies = bodiesOf(parseNdjson(readFileSync(record, 'utf8')));
    expect(bodies).toEqual([1, 2, 3, 4, 5, 6].map((n) => `{"n":${n}}`));
  });
});
