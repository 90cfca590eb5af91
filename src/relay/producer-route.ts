import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isConnectionHeader } from '../core/resend.js';
import type { AnswerRouter, ProducerAnswer } from './answer-router.js';
import { isChannelName } from './channel-keys.js';
import type { ChannelStore } from './channel-store.js';
import { readRelayBody, type RelayBody } from './relay-body.js';

export interface ProducerRouteOptions {
  store: ChannelStore;
  router: AnswerRouter;
  bodyLimit: number;
  answerTimeoutMs: number;
  offlineStatus: number;
  /** Says a Redis failure once per outage, not once per request. */
  onStorageError(error: Error): void;
}

/** `/c/<channel>/…`: a producer's request goes into the channel's stream, and its answer comes from the client. */
export function registerProducerRoutes(app: FastifyInstance, options: ProducerRouteOptions): void {
  const handler = (request: FastifyRequest<{ Params: { channel: string } }>, reply: FastifyReply) => relayProducerRequest(request, reply, options);
  app.all('/c/:channel', handler);
  app.all('/c/:channel/*', handler);
}

async function relayProducerRequest(request: FastifyRequest<{ Params: { channel: string } }>, reply: FastifyReply, options: ProducerRouteOptions) {
  const name = request.params.channel;
  if (!isChannelName(name)) return unknownChannel(reply);
  const collected = (request.body as RelayBody | undefined) ?? (await unparsedBody(request, options.bodyLimit));
  if (collected.kind === 'aborted') return reply.code(400).send({ error: collected.reason });

  const entry = {
    method: request.method,
    target: targetAfterChannel(request.raw.url ?? '/', name),
    headers: request.raw.rawHeaders,
    body: collected.kind === 'complete' ? collected.bytes.toString('base64') : '',
    remote: `${request.ip}:${request.socket.remotePort ?? 0}`,
    at: Date.now(),
  };
  try {
    if (collected.kind === 'too-large') {
      // Still appended (without the body): the client records the refusal, as a local receiver would.
      const { id } = await options.store.append(name, { ...entry, reply: '', rejected: { size: collected.size, limit: options.bodyLimit } });
      if (id === null) return unknownChannel(reply);
      return reply
        .code(413)
        .header('connection', 'close')
        .send({ error: 'body too large', size: collected.size, limit: options.bodyLimit });
    }
    // Waiting starts before the append, so an answer faster than the append's reply is not missed.
    const wait = options.router.expect(options.answerTimeoutMs);
    const { id, held } = await options.store.append(name, { ...entry, reply: wait.reply }).catch((error: unknown) => {
      wait.cancel();
      throw error;
    });
    if (id === null || !held) wait.cancel();
    if (id === null) return unknownChannel(reply);
    if (!held) {
      return reply.code(options.offlineStatus).send({ queued: true, id, message: 'no cbtest client is connected to this channel; the request waits in its stream' });
    }
    const answer = await wait.answer;
    if (!answer) {
      return reply.code(504).send({ error: `no answer from the cbtest client within ${options.answerTimeoutMs}ms`, id });
    }
    return sendAnswer(reply, answer);
  } catch (error) {
    options.onStorageError(error as Error);
    return reply.code(503).send({ error: 'the relay cannot reach its Redis; try again' });
  }
}

// fastify leaves the body of a GET (or HEAD, DELETE without a content type) unread; a producer may still send one.
function unparsedBody(request: FastifyRequest, limit: number): Promise<RelayBody> {
  const length = Number(request.headers['content-length'] ?? 0);
  if (!(length > 0) && request.headers['transfer-encoding'] === undefined) return Promise.resolve({ kind: 'complete', bytes: Buffer.alloc(0) });
  return readRelayBody(request.raw, limit, length > 0 ? length : null);
}

function unknownChannel(reply: FastifyReply) {
  return reply.code(404).send({ error: 'no such channel' });
}

/** `/c/<name>/hooks?x=1` → `/hooks?x=1`; `/c/<name>?x=1` → `/?x=1`. Kept as written, never decoded. */
function targetAfterChannel(url: string, name: string): string {
  const rest = url.slice(`/c/${name}`.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function sendAnswer(reply: FastifyReply, answer: ProducerAnswer) {
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!isConnectionHeader(name)) reply.header(name, value);
  }
  return reply.code(answer.status).send(Buffer.from(answer.body, 'base64'));
}
