import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { answerSelfCheck } from '../../src/tunnel/self-check-route.js';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface LocalReceiver {
  app: FastifyInstance;
  port: number;
  received: ReceivedRequest[];
}

/** A stand-in for cbtest's receiver: keeps exact bytes, echoes them, answers the tunnel self-check. */
export async function startLocalReceiver({
  selfCheck = true,
  https,
  onAnswered,
}: { selfCheck?: boolean; https?: { cert: string; key: string }; onAnswered?: (url: string) => void } = {}): Promise<LocalReceiver> {
  // One type for both: the tests only use what HTTP and HTTPS instances share.
  const app = (https ? Fastify({ https }) : Fastify()) as unknown as FastifyInstance;
  const received: ReceivedRequest[] = [];
  if (onAnswered) app.addHook('onResponse', async (request) => onAnswered(request.url));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    const check = selfCheck ? answerSelfCheck(request.method, request.url) : null;
    if (check) return reply.code(check.status).headers(check.headers).send(check.body);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    received.push({ method: request.method, url: request.url, headers: request.headers, body });
    return reply.code(201).header('content-type', 'application/octet-stream').header('x-echo', 'yes').send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port, received };
}
