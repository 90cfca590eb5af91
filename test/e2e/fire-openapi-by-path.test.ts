import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNdjson, runCliToEnd } from '../helpers/cli.js';

const SPEC = 'test/fixtures/openapi/oai-callback-example.yaml';

/** The producer the OAI example describes: POST /streams?callbackUrl=… answers 201, then posts data to `{callbackUrl}/data`. */
async function startStreams(): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.post('/streams', async (req, reply) => {
    const { callbackUrl } = req.query as { callbackUrl: string };
    setTimeout(() => {
      void request(`${callbackUrl}/data`, { method: 'POST', body: JSON.stringify({ timestamp: new Date().toISOString(), userData: 'hello' }), headers: { 'content-type': 'application/json' } })
        .then((response) => response.body.dump())
        .catch(() => undefined);
    }, 50);
    return reply.code(201).send({ subscriptionId: '2531329f-fb09-4ef7-887e-84e648214436' });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

describe("fire --openapi --operation 'METHOD /path' (specs without operationId)", () => {
  let streams: Awaited<ReturnType<typeof startStreams>>;
  beforeAll(async () => {
    streams = await startStreams();
  });
  afterAll(() => streams.app.close());

  it("fires the OpenAPI project's own callback example by method and path, and validates the callback", async () => {
    const result = await runCliToEnd(['fire', '--openapi', SPEC, '--operation', 'POST /streams', '--server', streams.url, '--json']);
    expect(result.stderr).toContain("callback 'onData' (POST): URL planted at query parameter 'callbackUrl'");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const callback = events.find((event) => event.type === 'callback' && event.matched);
    expect(callback).toMatchObject({ method: 'POST', body: { userData: 'hello' }, response: { status: 202 } });
    expect(String(callback!.path)).toMatch(/\/data$/);
    expect(events.at(-1)).toMatchObject({ type: 'result', pass: true, exitCode: 0 });
  });

  it("an unknown operation lists what the document has, by method and path when there is no operationId", async () => {
    const result = await runCliToEnd(['fire', '--openapi', SPEC, '--operation', 'streams', '--server', streams.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--operation 'streams' is not in the OpenAPI document; available: 'POST /streams'");
  });
});
