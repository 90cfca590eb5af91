import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl, parseNdjson, runCli, runCliToEnd } from '../helpers/cli.js';
import { startReferenceProducer, type Running } from '../helpers/producers.js';

const TOKEN = 'Bearer sk_live_9f8e7d6c5b4a';
const recordPath = () => join(mkdtempSync(join(tmpdir(), 'cbtest-redact-')), 'run.ndjson');

let producer: Running;
let target: FastifyInstance;
let targetUrl: string;
const received: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  producer = await startReferenceProducer();
  target = Fastify();
  target.post('/hook', async (req) => {
    received.push(req.headers);
    return { ok: true };
  });
  await target.listen({ port: 0, host: '127.0.0.1' });
  targetUrl = `http://127.0.0.1:${(target.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await producer.close();
  await target.close();
});

/** What a user would grep for: the token itself must be nowhere in what cbtest wrote. */
function expectNoSecret(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain('sk_live_9f8e7d6c5b4a');
    expect(text).not.toContain('sess-a1b2c3');
  }
}

describe('secrets never reach --record or --json raw', () => {
  it('send -H Authorization: the server gets the token, the record and the NDJSON say <redacted, N chars>', async () => {
    const record = recordPath();
    const result = await runCliToEnd(['send', `${targetUrl}/hook`, '--data', '{"paid":true}', '-H', `Authorization: ${TOKEN}`, '-H', 'X-Api-Key: key-0042', '--redact-header', 'x-api-key', '--json', '--record', record]);
    expect(result.code).toBe(0);
    expect(received.at(-1)).toMatchObject({ authorization: TOKEN, 'x-api-key': 'key-0042' });
    const file = readFileSync(record, 'utf8');
    expectNoSecret(result.stdout, result.stderr, file);
    expect(file).not.toContain('key-0042');
    const sent = parseNdjson(file).find((event) => event.type === 'request')!;
    expect(sent.headers).toMatchObject({ authorization: `<redacted, ${TOKEN.length} chars>`, 'x-api-key': '<redacted, 8 chars>' });
  });

  it('fire --rpc -H Authorization is redacted in the request event', async () => {
    const record = recordPath();
    const result = await runCliToEnd([
      'fire', '--rpc', `${producer.url}/rpc`, '--method', 'OrderService.processOrder', '--params', '{"orderId":"1"}',
      '-H', `Authorization: ${TOKEN}`, '-H', 'Cookie: session=sess-a1b2c3', '--json', '--record', record, '--timeout', '20s',
    ]);
    expect(result.code).toBe(0);
    const file = readFileSync(record, 'utf8');
    expectNoSecret(result.stdout, result.stderr, file);
    const sent = parseNdjson(file).find((event) => event.type === 'request')!;
    expect(sent.headers).toMatchObject({ authorization: `<redacted, ${TOKEN.length} chars>`, cookie: '<redacted, 19 chars>' });
  });

  it('listen: a callback carrying Authorization and Cookie is recorded redacted, and an assertion on their presence still passes', async () => {
    const record = recordPath();
    const run = runCli(['listen', '--port', '0', '--count', '1', '--timeout', '20s', '--json', '--record', record, '--expect', '$.headers.authorization exists']);
    const url = await listeningUrl(run);
    const answer = await request(`${url}/hooks/x`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', authorization: TOKEN, cookie: 'session=sess-a1b2c3' } });
    expect(answer.statusCode).toBe(200);
    await answer.body.dump();
    expect(await run.exited).toBe(0);
    const file = readFileSync(record, 'utf8');
    expectNoSecret(run.stdout(), run.stderr(), file);
    const callback = parseNdjson(file).find((event) => event.type === 'callback')!;
    expect(callback.headers).toMatchObject({ authorization: `<redacted, ${TOKEN.length} chars>`, cookie: '<redacted, 19 chars>' });
  });

  it('fire --oauth: the session cookie sent to the provider and the code the redirect carries are redacted everywhere', async () => {
    const record = recordPath();
    const result = await runCliToEnd([
      'fire', '--oauth', `${producer.url}/oauth/authorize`, '--client-id', 'demo-app', '--token-url', `${producer.url}/oauth/token`,
      '-H', 'Cookie: session=sess-a1b2c3', '--json', '--record', record, '--expect', '$.query.code exists',
    ]);
    expect(result.code).toBe(0);
    const file = readFileSync(record, 'utf8');
    expectNoSecret(result.stdout, result.stderr, file);
    const events = parseNdjson(file);
    const callback = events.find((event) => event.type === 'callback')!;
    expect((callback.query as Record<string, string>).code).toMatch(/^<redacted, \d+ chars>$/);
    const token = events.find((event) => event.type === 'request' && event.label === 'token')!;
    expect((token.body as Record<string, string>).code).toMatch(/^<redacted, \d+ chars>$/);
    // Every `code=` in the record (the provider's Location, the redirect cbtest followed) is followed by its redacted form.
    expect(file.match(/code=[^&"\s]*/g)?.every((match) => match.startsWith('code=<redacted'))).toBe(true);
  });
});
