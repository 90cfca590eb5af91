import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { WebSocketServer } from 'ws';
import type { AnswerRouter } from './answer-router.js';
import { channelNameOf, isChannelKey, tokenMatches } from './channel-keys.js';
import type { ChannelStore, RedisConnection } from './channel-store.js';
import { serveClientLink } from './client-link.js';
import { registerProducerRoutes } from './producer-route.js';
import { readRelayBody, type RelayBody } from './relay-body.js';
import { CONNECT_PATH, KEY_HEADER, OPEN_PATH } from './relay-protocol.js';
import { NO_SCHEMA_COMPILERS } from '../receiver/no-schema-compilers.js';

export interface RelayAppOptions {
  store: ChannelStore;
  router: AnswerRouter;
  /** A fresh Redis connection for each client's blocking reads. */
  newReader(): Promise<RedisConnection>;
  publicUrl: string | null;
  requireToken: string | null;
  bodyLimit: number;
  answerTimeoutMs: number;
  offlineStatus: number;
  onStorageError(error: Error): void;
  log(line: string): void;
}

const CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+\s*(;.*)?$/;

/** The relay: channel opening, producers' requests under /c/<channel>, and clients' WebSockets. */
export function buildRelayApp(options: RelayAppOptions): { app: FastifyInstance; sockets: WebSocketServer } {
  // Our own collector enforces --body-limit, so an oversized body is told to the client instead of dropped.
  const app = Fastify({ bodyLimit: Number.MAX_SAFE_INTEGER, requestTimeout: 120_000, return503OnClosing: false, ...NO_SCHEMA_COMPILERS });
  // A garbled content type must not stop the relay: the producer's header lines are relayed from rawHeaders anyway.
  app.server.prependListener('request', (raw: IncomingMessage) => {
    const type = raw.headers['content-type'];
    if (type !== undefined && !CONTENT_TYPE.test(type)) delete raw.headers['content-type'];
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    readRelayBody(payload, options.bodyLimit, Number.isFinite(declared) ? declared : null).then((body) => done(null, body), done);
  });

  app.get('/', async () => ({ service: 'cbtest relay', protocol: 1 }));
  app.post(OPEN_PATH, (request, reply) => {
    if (options.requireToken !== null && !tokenMatches(bearerToken(request), options.requireToken)) {
      return reply.code(401).send({ error: 'this relay needs a token to open a channel (--relay-token)' });
    }
    const key = channelKeyOf(request.body as RelayBody | undefined);
    if (key === null) return reply.code(400).send({ error: 'the body must be {"key": "<16 to 200 printable characters>"}' });
    const name = channelNameOf(key);
    const url = channelUrl(options.publicUrl, request.protocol, request.headers.host, name);
    return options.store.open(name).then(
      ({ created, acked }) => reply.send({ channel: name, url, acked, created }),
      (error: Error) => {
        options.onStorageError(error);
        return reply.code(503).send({ error: 'the relay cannot reach its Redis; try again' });
      },
    );
  });
  registerProducerRoutes(app, options);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    acceptClient(request, socket, head, sockets, options).catch(() => refuse(socket, 503, 'Service Unavailable'));
  });
  return { app, sockets };
}

async function acceptClient(request: IncomingMessage, socket: Duplex, head: Buffer, sockets: WebSocketServer, options: RelayAppOptions): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://relay');
  const key = request.headers[KEY_HEADER];
  if (url.pathname !== CONNECT_PATH || typeof key !== 'string' || !isChannelKey(key)) return refuse(socket, 404, 'Not Found');
  const name = channelNameOf(key);
  if (!(await options.store.exists(name))) return refuse(socket, 404, 'Not Found');
  const after = url.searchParams.get('after') ?? '0-0';
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  const publicUrl = channelUrl(options.publicUrl, encrypted ? 'https' : 'http', request.headers.host, name);
  const reader = await options.newReader();
  if (socket.destroyed) {
    reader.destroy();
    return;
  }
  sockets.handleUpgrade(request, socket, head, (ws) => {
    options.log(`client connected to channel ${name.slice(0, 6)}… (after ${after})`);
    const link = serveClientLink(ws, { name, publicUrl, after, store: options.store, router: options.router, reader, onStorageError: options.onStorageError });
    void link.closed.then(() => options.log(`client left channel ${name.slice(0, 6)}…`));
  });
}

/** `<relay URL>/c/<channel>`: the relay URL is --public-url, else the address the client used. */
function channelUrl(publicUrl: string | null, protocol: string, host: string | undefined, name: string): string {
  const base = publicUrl ?? `${protocol}://${host ?? 'localhost'}`;
  return `${base.replace(/\/+$/, '')}/c/${name}`;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function channelKeyOf(body: RelayBody | undefined): string | null {
  if (body?.kind !== 'complete') return null;
  try {
    const parsed = JSON.parse(body.bytes.toString('utf8')) as { key?: unknown };
    return typeof parsed.key === 'string' && isChannelKey(parsed.key) ? parsed.key : null;
  } catch {
    return null;
  }
}
