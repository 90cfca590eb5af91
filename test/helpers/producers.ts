import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { startProducer } from '../../src/serve/producer.js';

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** The reference producer on a free loopback port, fast enough for tests. */
export function startReferenceProducer(options: Partial<Parameters<typeof startProducer>[0]> = {}): Promise<Running> {
  return startProducer({ port: 0, host: '127.0.0.1', allowHttp: true, processingDelayMs: 20, retry: { attempts: 2, baseDelayMs: 20 }, ...options });
}

export interface RpcCall {
  id: unknown;
  method: string;
  params: Record<string, unknown>;
}

type RpcAnswer = { status?: number; body: unknown; headers?: Record<string, string> };

/**
 * A JSON-RPC producer written for one test: `behave` gets each call and the callback URL, answers with the ack it returns,
 * and may call back later through `post`, or before the ack by awaiting `post` (so the order cannot depend on load).
 */
export async function startScriptedRpcProducer(
  behave: (call: RpcCall, callbackUrl: string, post: (body: unknown, url?: string) => Promise<number>) => RpcAnswer | Promise<RpcAnswer>,
): Promise<Running & { app: FastifyInstance }> {
  const app = Fastify();
  const post = async (body: unknown, url = ''): Promise<number> => {
    const response = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    await response.body.dump();
    return response.statusCode;
  };
  app.post('/rpc', async (req, reply) => {
    const call = req.body as RpcCall;
    const callbackUrl = String(call.params['$rpc.callback']);
    const answer = await behave(call, callbackUrl, (body, url = callbackUrl) => post(body, url));
    return reply.code(answer.status ?? 200).headers(answer.headers ?? {}).send(answer.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
