import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNdjson, runCliToEnd } from '../helpers/cli.js';

const fixtures = join(import.meta.dirname, '../fixtures/openapi-prism');
const RELAY = join(fixtures, 'relay-3.0.yaml');
type Event = Record<string, unknown>;

const ofType = (events: Event[], type: string) => events.filter((event) => event.type === type);

async function fireOpenApi(args: string[], stdin?: string) {
  const result = await runCliToEnd(['fire', ...args, '--json'], stdin === undefined ? {} : { stdin });
  return { ...result, events: parseNdjson(result.stdout) };
}

/** POSTs JSON to a callback URL the way a producer would; resolves once it is answered. */
async function callBack(url: string, body: unknown): Promise<void> {
  const response = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  await response.body.dump();
}

/** A producer that reads the callback URL wherever its OpenAPI document says and calls it after answering. */
async function startProducer(): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  const later = (work: () => Promise<void>) => setImmediate(() => void work().catch(() => undefined));
  app.post('/subscriptions', async (req, reply) => {
    const { callbackUrl, topic } = req.body as { callbackUrl: string; topic: string };
    later(async () => {
      await callBack(`${callbackUrl}/stray`, { stray: true });
      await callBack(callbackUrl, { topic, seq: 1 });
    });
    return reply.code(201).send({ id: 'sub-1' });
  });
  app.post('/jobs', async (req, reply) => {
    const { queryUrl, event } = req.query as { queryUrl: string; event: string };
    later(() => callBack(`${queryUrl}?event=${event}`, { job: 'j-1' }));
    return reply.code(202).send();
  });
  app.put('/hooks/:hookId', async (req, reply) => {
    const target = String(req.headers['x-callback-url']);
    later(() => callBack(`${target}/delivered`, { hookId: (req.params as { hookId: string }).hookId }));
    return reply.code(204).send();
  });
  app.post('/silent', async (_req, reply) => reply.code(202).send({ queued: true }));
  app.post('/broken', async (_req, reply) => reply.code(500).send({ error: 'database is down' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

const PRISM = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');

/** Starts `prism mock` on a free loopback port; Prism logs the URL it listens on once it is ready. */
function startPrism(spec: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [PRISM, 'mock', spec, '--port', '0', '--host', '127.0.0.1', '--no-multiprocess'], {
    env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const url = new Promise<string>((resolve, reject) => {
    let log = '';
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const found = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (found) resolve(found[1]!);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`prism exited with ${code} before listening:\n${log}`)));
  });
  // Awaited only by the Prism tests; a start failure is theirs to report, not an unhandled rejection.
  url.catch(() => undefined);
  return { child, url };
}

async function stopPrism(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const stubborn = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(stubborn);
}

// Prism takes seconds to start: both instances boot while the tests without Prism run, and are stopped at the end.
const prisms: Record<'orders' | 'exports', { child: ChildProcess; url: Promise<string> } | undefined> = { orders: undefined, exports: undefined };
beforeAll(() => {
  prisms.orders = startPrism(join(fixtures, 'orders-3.0.yaml'));
  prisms.exports = startPrism(join(fixtures, 'exports-3.1.json'));
});
afterAll(async () => {
  await Promise.all([stopPrism(prisms.orders?.child), stopPrism(prisms.exports?.child)]);
});

describe('cbtest fire --openapi against a producer written here', { timeout: 45_000 }, () => {
  let producer: { app: FastifyInstance; url: string };
  beforeAll(async () => {
    producer = await startProducer();
  });
  afterAll(async () => {
    await producer?.app.close();
  });

  it('plants the URL in the body, validates the callback, answers the declared 202 and leaves a stray callback uncounted', async () => {
    const run = await fireOpenApi(['--openapi', RELAY, '--operation', 'subscribe', '--server', producer.url, '--timeout', '20s']);
    expect(run.code, run.stderr).toBe(0);
    const [sent] = ofType(run.events, 'request') as Array<{ body: { topic: string; callbackUrl: string }; url: string }>;
    expect(sent?.url).toBe(`${producer.url}/subscriptions`);
    expect(sent?.body.topic).toBe('parcels');
    expect(sent?.body.callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb\/[\w-]+\/onEvent$/);
    const callbacks = ofType(run.events, 'callback');
    expect(callbacks.map((event) => [event.matched, event.note])).toEqual([
      [false, "matches no declared callback (POST 'onEvent')"],
      [true, undefined],
    ]);
    expect(callbacks[1]).toMatchObject({ body: { topic: 'parcels', seq: 1 }, response: { status: 202 } });
    expect(ofType(run.events, 'assertion')).toMatchObject([{ expr: "openapi callback 'onEvent' body schema", pass: true }]);
  });

  it('reads the spec from stdin, uses its first server, and plants into a query parameter whose key adds ?event=', async () => {
    const spec = readFileSync(RELAY, 'utf8').replace('http://127.0.0.1:9/', producer.url);
    const run = await fireOpenApi(['--openapi', '-', '--operation', 'startJob', '--param', 'event=finished', '--timeout', '20s'], spec);
    expect(run.code, run.stderr).toBe(0);
    const sent = new URL(String(ofType(run.events, 'request')[0]?.url));
    expect(sent.origin + sent.pathname).toBe(`${producer.url}/jobs`);
    expect(sent.searchParams.get('event')).toBe('finished');
    expect(sent.searchParams.get('queryUrl')).toMatch(/\/cb\/[\w-]+\/jobDone$/);
    expect(ofType(run.events, 'callback')).toMatchObject([{ matched: true, query: { event: 'finished' }, response: { status: 200 } }]);
  });

  it('fills the path parameter, plants a header, and matches the path the key adds after it', async () => {
    const run = await fireOpenApi(['--openapi', RELAY, '--operation', 'registerHook', '--server', producer.url, '--param', 'hookId=h 1', '--timeout', '20s']);
    expect(run.code, run.stderr).toBe(0);
    const sent = ofType(run.events, 'request')[0] as { method: string; url: string; headers: Record<string, string> };
    expect(sent).toMatchObject({ method: 'PUT', url: `${producer.url}/hooks/h%201` });
    expect(sent.headers['x-callback-url']).toMatch(/\/cb\/[\w-]+\/hookDelivered$/);
    const [callback] = ofType(run.events, 'callback');
    expect(callback).toMatchObject({ matched: true, body: { hookId: 'h 1' }, response: { status: 204 } });
    expect(String(callback?.path)).toMatch(/\/hookDelivered\/delivered$/);
  });

  it('exits 2 naming a missing path parameter before sending anything', async () => {
    const run = await runCliToEnd(['fire', '--openapi', RELAY, '--operation', 'registerHook', '--server', producer.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("operation 'registerHook' needs path parameter 'hookId'; pass --param hookId=VALUE");
  });

  it('exits 3 when the producer never calls back', async () => {
    // 2 s, not 1: the wait is armed before the request, which must be answered inside it for this message.
    const run = await runCliToEnd(['fire', '--openapi', RELAY, '--operation', 'neverCalls', '--server', producer.url, '--timeout', '2s']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/timed out after 2s waiting for the 'never' callback/);
  });

  it('exits 4 with the status and body when the operation is refused', async () => {
    const run = await runCliToEnd(['fire', '--openapi', RELAY, '--operation', 'alwaysFails', '--server', producer.url, '--timeout', '20s']);
    expect(run.code).toBe(4);
    expect(run.stdout + run.stderr).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/broken \(alwaysFails\) answered 500: \{"error":"database is down"\}/);
  });
});

describe('cbtest fire --openapi refuses what it cannot fire (exit 2)', () => {
  const fails = async (args: string[]) => {
    const run = await runCliToEnd(['fire', ...args]);
    expect(run.code, run.stderr).toBe(2);
    return run.stderr;
  };

  it('lists the operations when the operationId is unknown', async () => {
    expect(await fails(['--openapi', RELAY, '--operation', 'subscrbe'])).toContain(
      "--operation 'subscrbe' is not in the OpenAPI document; available: subscribe, startJob, registerHook, neverCalls, alwaysFails, getStatus",
    );
  });

  it('rejects an invalid document', async () => {
    const spec = 'openapi: 3.0.3\ninfo: { title: broken }\npaths: {}\n';
    const run = await runCliToEnd(['fire', '--openapi', '-', '--operation', 'x'], { stdin: spec });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stdin is not a valid OpenAPI 3\.0\.3 document: .*version/);
  });
});

describe('cbtest fire --openapi against Prism, which sends the callbacks a spec declares with their examples', { timeout: 45_000 }, () => {
  it('plants body, query and header URLs, validates all three callbacks and answers each with its declared status', async () => {
    const server = await prisms.orders!.url;
    const run = await fireOpenApi(['--openapi', join(fixtures, 'orders-3.0.yaml'), '--operation', 'createOrder', '--server', server, '--timeout', '20s']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const callbacks = ofType(run.events, 'callback') as Array<{ method: string; path: string; response: { status: number }; matched: boolean }>;
    const byEvent = Object.fromEntries(callbacks.map((event) => [event.path.split('/').at(-1), [event.method, event.response.status, event.matched]]));
    expect(byEvent).toEqual({ orderCreated: ['POST', 204, true], orderShipped: ['PUT', 200, true], auditLog: ['POST', 202, true] });
    const assertions = ofType(run.events, 'assertion').map((event) => [event.expr, event.pass]);
    expect(assertions.sort()).toEqual([
      ["openapi callback 'auditLog' body schema", true],
      ["openapi callback 'orderCreated' body schema", true],
      ["openapi callback 'orderShipped' body schema", true],
    ]);
  });

  it('fails with exit 1 when the callback payload breaks its OpenAPI 3.1 schema', async () => {
    const server = await prisms.exports!.url;
    const run = await fireOpenApi(['--openapi', join(fixtures, 'exports-3.1.json'), '--operation', 'startExport', '--server', server, '--timeout', '20s']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const [assertion] = ofType(run.events, 'assertion');
    expect(assertion).toMatchObject({
      expr: "openapi callback 'exportFinished' body schema",
      pass: false,
      actual: 0,
      message: "openapi callback 'exportFinished' body schema: body/rows must be > 0 (got 0)",
    });
    expect(run.events.at(-1)).toMatchObject({ type: 'result', pass: false, exitCode: 1 });
  });
});
