import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { CallbackEvent, EventDraft, Headers } from '../core/events.js';
import { orderAnswerers, runAnswerers, type Answer, type Exchange, type ExtraAnswerers } from './answerer.js';
import { collectBody, type CollectedBody } from './body-collector.js';
import {
  answerAfterDelay,
  answerByForwarding,
  answerByRules,
  answerByScript,
  answerInternal,
  answerOptionsProbe,
  answerRejectedBody,
  answerRpcProbe,
  type Forwarder,
  type InternalRoute,
} from './builtin-answerers.js';
import { describeCallback, type CallbackFacts, type CallbackVerdict } from './callback-facts.js';
import type { ResponseRules } from './response-rules.js';

export type { CallbackFacts, CallbackVerdict } from './callback-facts.js';
export type { ForwardedAnswer } from './builtin-answerers.js';
export type { Answer, Answerer, AnswerStage, Exchange, ExtraAnswerers } from './answerer.js';

export interface ReceiverOptions {
  bodyLimit: number;
  rules: ResponseRules;
  /** Appends an event to the record. */
  record: (draft: EventDraft) => void;
  /** Decides whether a callback counts toward the wait (the flow's correlation). Default: every callback counts. */
  classify?: (callback: CallbackFacts) => CallbackVerdict;
  /** --forward-to: deliver the callback to the user's app and relay its answer. */
  forward?: Forwarder;
  /** Requests answered for cbtest itself (the tunnel self-check), never recorded, counted or forwarded. */
  internal?: InternalRoute;
  /** Answerers an option or a flow adds, each after the built-in ones of its stage. */
  answerers?: ExtraAnswerers;
}

// Our own collector enforces --body-limit so an oversized body is recorded, not dropped by fastify.
const SERVER_OPTIONS = { bodyLimit: Number.MAX_SAFE_INTEGER, requestTimeout: 120_000, return503OnClosing: false } as const;
const CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+\s*(;.*)?$/;
const originalContentType = new WeakMap<object, string>();
const EMPTY_BODY: CollectedBody = { kind: 'complete', bytes: Buffer.alloc(0) };
const COUNTS: CallbackVerdict = { matched: true };

/** The built-in answerers, stage by stage, as the options ask for them. */
function builtInAnswerers(options: ReceiverOptions): ExtraAnswerers {
  return {
    internal: options.internal ? [answerInternal(options.internal)] : [],
    probe: [answerOptionsProbe, answerRpcProbe],
    size: [answerRejectedBody(options.bodyLimit)],
    delay: options.rules.delayMs > 0 ? [answerAfterDelay(options.rules.delayMs)] : [],
    script: [answerByScript(options.rules)].filter((answerer) => answerer !== null),
    forward: options.forward ? [answerByForwarding(options.forward)] : [],
    rules: [answerByRules(options.rules)],
  };
}

/** Builds the receiver: any method, any path, exact bytes kept. Listening is the caller's job. */
export function buildReceiverApp(options: ReceiverOptions, tls: { cert: string; key: string } | null = null): FastifyInstance {
  const app = (tls
    ? Fastify({ ...SERVER_OPTIONS, https: { cert: tls.cert, key: tls.key } })
    : Fastify(SERVER_OPTIONS)) as unknown as FastifyInstance;
  const answerers = orderAnswerers(builtInAnswerers(options), options.answerers);

  // A sender may announce an empty or garbled content type; keep what it said for the record, and let the body through.
  // (A raw listener ahead of fastify's: a fastify hook would cost every request a hook run.)
  app.server.prependListener('request', (raw: import('node:http').IncomingMessage) => {
    const type = raw.headers['content-type'];
    if (type !== undefined && !CONTENT_TYPE.test(type)) {
      originalContentType.set(raw, type);
      delete raw.headers['content-type'];
    }
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = request.headers['content-length'];
    const declaredLength = declared === undefined ? null : Number(declared);
    collectBody(payload, options.bodyLimit, Number.isFinite(declaredLength) ? declaredLength : null).then(
      (collected) => done(null, collected),
      (error: Error) => done(error),
    );
  });

  app.all('*', (request, reply) => {
    const exchange = new RequestExchange(request, options.classify);
    const answer = runAnswerers(answerers, exchange);
    if (answer instanceof Promise) {
      answer.then((settled) => deliver(reply, exchange, settled, options.record), (error: Error) => reply.send(error));
    } else {
      deliver(reply, exchange, answer, options.record);
    }
    return reply;
  });

  return app;
}

/** Records the exchange as the sender is about to get it, then answers. */
function deliver(reply: FastifyReply, exchange: RequestExchange, answer: Answer, record: (draft: EventDraft) => void): void {
  if (answer.recordAs === 'probe') {
    record({ type: 'probe', method: exchange.method, path: exchange.path, headers: exchange.headers, remote: exchange.remote });
  } else if (answer.recordAs !== 'none') {
    record(callbackRecord(exchange, answer));
  }
  reply.code(answer.status);
  if (answer.headers) for (const name in answer.headers) reply.header(name, answer.headers[name]);
  // Once closing has begun, an answer still in flight (a --delay, a --forward-to) ends its connection, so close() is not held by keep-alive.
  if (answer.closeConnection || !reply.server.server.listening) reply.header('connection', 'close');
  if (answer.body === undefined) reply.send();
  else reply.send(answer.body);
}

function callbackRecord(exchange: RequestExchange, answer: Answer): CallbackEvent {
  // An answer that keeps the callback from counting skips the flow's classify, whose state (first-seen) it must not touch.
  const counted = answer.uncounted === undefined && exchange.verdict.matched;
  const note = answer.uncounted ?? (counted ? undefined : exchange.verdict.note);
  const event: CallbackEvent = { type: 'callback', ...exchange.facts, ...exchange.marks, response: { status: answer.status }, matched: counted };
  if (note !== undefined) event.note = note;
  if (answer.forward) event.forward = answer.forward;
  return event;
}

class RequestExchange implements Exchange {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly headers: Headers;
  readonly remote: string;
  readonly body: CollectedBody;
  readonly marks: Partial<CallbackEvent> = {};
  scriptedStatus?: number;
  private decoded: CallbackFacts | undefined;
  private classified: CallbackVerdict | undefined;

  constructor(request: FastifyRequest, private readonly classify: ReceiverOptions['classify']) {
    // A URL object per request is measurable under a flood; the path and query are all the receiver needs.
    const raw = request.url;
    const mark = raw.indexOf('?');
    this.path = mark === -1 ? raw : raw.slice(0, mark);
    this.search = mark === -1 ? '' : raw.slice(mark);
    this.method = request.method;
    this.headers = recordedHeaders(request);
    this.remote = `${request.ip}:${request.socket.remotePort ?? 0}`;
    this.body = (request.body as CollectedBody | undefined) ?? EMPTY_BODY;
  }

  get facts(): CallbackFacts {
    return (this.decoded ??= describeCallback(this.method, this.path, this.search, this.headers, this.remote, this.body));
  }

  get verdict(): CallbackVerdict {
    return (this.classified ??= this.classify?.(this.facts) ?? COUNTS);
  }
}

// Node already lower-cases header names; the object is only copied when a garbled content type must be restored.
function recordedHeaders(request: FastifyRequest): Headers {
  const original = originalContentType.get(request.raw);
  const headers = request.headers as Headers;
  return original === undefined ? headers : { ...headers, 'content-type': original };
}
