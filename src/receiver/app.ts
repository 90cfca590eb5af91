import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { EventDraft } from '../core/events.js';
import { AnswerDelivery } from './answer-delivery.js';
import { orderAnswerers, runAnswerers, type Answer, type ExtraAnswerers } from './answerer.js';
import { collectBody, type CollectedBody, type CollectLimits } from './body-collector.js';
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
import type { CallbackFacts, CallbackVerdict } from './callback-facts.js';
import { recordHeaderOverflow } from './header-overflow.js';
import { DEFAULT_INFLIGHT_BYTES, InflightBudget } from './inflight-budget.js';
import { RequestExchange, setAsideGarbledContentType } from './request-exchange.js';
import type { ResponseRules } from './response-rules.js';
import { NO_SCHEMA_COMPILERS } from './no-schema-compilers.js';

export type { CallbackFacts, CallbackVerdict } from './callback-facts.js';
export type { ForwardedAnswer } from './builtin-answerers.js';
export type { Answerer, ExtraAnswerers } from './answerer.js';

export interface ReceiverOptions {
  bodyLimit: number;
  rules: ResponseRules;
  /** Appends an event to the record. */
  record: (draft: EventDraft) => void;
  /** Hands the record to the OS; run before each batch of answers is sent (see AnswerDelivery). */
  commit?: () => boolean;
  /** Decides whether a callback counts toward the wait (the flow's correlation). Default: every callback counts. */
  classify?: (callback: CallbackFacts) => CallbackVerdict;
  /** --forward-to: deliver the callback to the user's app and relay its answer. */
  forward?: Forwarder;
  /** Requests answered for cbtest itself (the tunnel self-check), never recorded, counted or forwarded. */
  internal?: InternalRoute;
  /** Answerers an option or a flow adds, each after the built-in ones of its stage. */
  answerers?: ExtraAnswerers;
  /** Bytes of bodies held at once (default 64 MiB, at least twice --body-limit); more is answered 503 + Retry-After. */
  inflightLimit?: number;
  /** A body unfinished after this long is cut and answered 408 (default 120 s). */
  bodyTimeoutMs?: number;
}

// Our own collector enforces --body-limit and the body timeout, so a refused body is recorded, not dropped by fastify.
const SERVER_OPTIONS = { bodyLimit: Number.MAX_SAFE_INTEGER, requestTimeout: 0, return503OnClosing: false, ...NO_SCHEMA_COMPILERS } as const;
const receivers = new WeakMap<FastifyInstance, AnswerDelivery>();
const USUAL_CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/cloudevents+json', 'application/octet-stream'];

/** The built-in answerers, stage by stage, as the options ask for them. */
function builtInAnswerers(options: ReceiverOptions): ExtraAnswerers {
  const script = answerByScript(options.rules);
  return {
    internal: options.internal ? [answerInternal(options.internal)] : [],
    probe: [answerOptionsProbe, answerRpcProbe],
    size: [answerRejectedBody(options.bodyLimit, options.rules.retryAfterSeconds ?? null)],
    delay: options.rules.delayMs > 0 ? [answerAfterDelay(options.rules.delayMs)] : [],
    script: script ? [script] : [],
    forward: options.forward ? [answerByForwarding(options.forward)] : [],
    rules: [answerByRules(options.rules)],
  };
}

/** The bytes of bodies held at once, as --help states it. */
export function inflightLimitFor(bodyLimit: number, asked?: number): number {
  return asked ?? Math.max(DEFAULT_INFLIGHT_BYTES, 2 * bodyLimit);
}

/** Builds the receiver: any method, any path, exact bytes kept. Listening is the caller's job. */
export function buildReceiverApp(options: ReceiverOptions, tls: { cert: string; key: string } | null = null): FastifyInstance {
  // Headers are recorded like bodies: allow them up to the body limit's order instead of Node's 16 KiB.
  const maxHeaderSize = Math.max(16 * 1024, Math.min(options.bodyLimit, 16 * 1024 * 1024));
  const clientErrorHandler = (error: Error, socket: import('node:net').Socket): void => recordHeaderOverflow(error, socket, options.record, maxHeaderSize);
  const app = (tls
    ? Fastify({ ...SERVER_OPTIONS, clientErrorHandler, https: { cert: tls.cert, key: tls.key, maxHeaderSize } })
    : Fastify({ ...SERVER_OPTIONS, clientErrorHandler, http: { maxHeaderSize } })) as unknown as FastifyInstance;
  const answerers = orderAnswerers(builtInAnswerers(options), options.answerers);
  const limits: CollectLimits = {
    bodyLimit: options.bodyLimit,
    budget: new InflightBudget(inflightLimitFor(options.bodyLimit, options.inflightLimit ?? options.rules.inflightLimit)),
    timeoutMs: options.bodyTimeoutMs ?? 120_000,
  };
  const delivery = new AnswerDelivery({ record: options.record, release: (bytes) => limits.budget.release(bytes), ...(options.commit ? { commit: options.commit } : {}) });
  receivers.set(app, delivery);

  // Ahead of fastify's own handler, in the same listener: a fastify hook would cost every request a hook run, and a
  // second 'request' listener an array copy per request (an emitter calls a list of listeners from a copy).
  const [handle] = app.server.listeners('request') as Array<(raw: IncomingMessage, response: ServerResponse) => void>;
  app.server.removeAllListeners('request');
  app.server.on('request', (raw: IncomingMessage, response: ServerResponse) => {
    setAsideGarbledContentType(raw);
    handle!.call(app.server, raw, response);
  });

  app.removeAllContentTypeParsers();
  const parseBody = (request: FastifyRequest, payload: IncomingMessage, done: (error: Error | null, body: CollectedBody) => void): void => {
    collectBody(payload, limits, declaredLength(request.headers['content-length']), (collected) => done(null, collected));
  };
  app.addContentTypeParser('*', parseBody);
  // The same parser by name for the usual types: fastify remembers the parser of a named type, while for '*' alone it
  // parses the Content-Type header again on every request.
  for (const type of USUAL_CONTENT_TYPES) app.addContentTypeParser(type, parseBody);

  // Made once, not per request: a closure per request was garbage under a flood.
  const answer = (reply: FastifyReply, exchange: RequestExchange): void => {
    delivery.track(exchange);
    const answered = runAnswerers(answerers, exchange);
    if (answered instanceof Promise) {
      answered.then((settled) => delivery.deliver(reply, exchange, settled), (error: Error) => delivery.deliver(reply, exchange, answerFailed(error)));
    } else {
      delivery.deliver(reply, exchange, answered);
    }
  };

  app.all('*', (request, reply) => {
    // fastify leaves the body of a GET (or HEAD, TRACE) unread; a sender may still send one, and it is recorded too.
    if (request.body === undefined && hasBody(request.headers)) {
      // A throw while answering goes to fastify's error handler, as it does on the synchronous path below.
      collectBody(request.raw, limits, declaredLength(request.headers['content-length']), (body) => {
        try {
          answer(reply, new RequestExchange(request, reply, body, options.classify));
        } catch (error) {
          reply.send(error instanceof Error ? error : new Error(String(error)));
        }
      });
    } else {
      answer(reply, new RequestExchange(request, reply, undefined, options.classify));
    }
    // Nothing returned: a returned reply is a thenable fastify waits on (end-of-stream listeners on every response).
  });

  return app;
}

/** Shutdown: answers still pending get up to `graceMs`, then are recorded as unanswered and cut. */
export async function settlePendingAnswers(app: FastifyInstance, graceMs: number): Promise<void> {
  const delivery = receivers.get(app);
  if (!delivery) return;
  await delivery.drain(graceMs);
  delivery.cutPending('cbtest shut down before answering');
}

// An answerer that throws is a cbtest bug; the callback is still recorded, with what went wrong.
function answerFailed(error: Error): Answer {
  return { status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"cbtest failed to answer"}', uncounted: `cbtest failed to answer: ${error.message}` };
}

function declaredLength(header: string | undefined): number | null {
  if (header === undefined) return null;
  const length = Number(header);
  return Number.isFinite(length) ? length : null;
}

function hasBody(headers: Record<string, unknown>): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}
