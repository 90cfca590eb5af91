import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { decodeBody, isRpcCallbackProbe, parseQuery } from '../core/body-decoding.js';
import { tryParseJson } from '../core/json-text.js';
import { isConnectionHeader } from '../core/resend.js';
import type { CallbackEvent, EventDraft, ForwardOutcome, Headers } from '../core/events.js';
import { collectBody, type CollectedBody } from './body-collector.js';
import { planResponse, type FlowResponseHint, type PlannedResponse, type ResponseRules } from './response-rules.js';

import type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';

// The contract types live in core; re-exported for the receiver's own modules.
export type { CallbackFacts, CallbackVerdict } from '../core/callback-facts.js';

export interface ForwardedAnswer {
  outcome: ForwardOutcome;
  /** The app's answer, relayed to the sender; absent when the app could not be reached. */
  response?: { status: number; headers: Record<string, string | string[]>; body: Buffer };
}

export interface ReceiverOptions {
  bodyLimit: number;
  rules: ResponseRules;
  /** Appends an event to the record. */
  record: (draft: EventDraft) => void;
  /** Decides whether a callback counts toward the wait (the flow's correlation). Default: every callback counts. */
  classify?: (callback: CallbackFacts) => CallbackVerdict;
  /** --forward-to: deliver the callback to the user's app and relay its answer. */
  forward?: (callback: CallbackFacts, body: Buffer) => Promise<ForwardedAnswer>;
  /** Requests answered for cbtest itself (the tunnel self-check), never recorded, counted or forwarded. */
  internal?: (method: string, path: string) => { status: number; headers: Record<string, string>; body: string } | null;
}

// Our own collector enforces --body-limit so an oversized body is recorded, not dropped by fastify.
const SERVER_OPTIONS = { bodyLimit: Number.MAX_SAFE_INTEGER, requestTimeout: 120_000, return503OnClosing: false } as const;
const CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+\s*(;.*)?$/;
const originalContentType = new WeakMap<object, string>();

/** Builds the receiver: any method, any path, exact bytes kept. Listening is the caller's job. */
export function buildReceiverApp(options: ReceiverOptions, tls: { cert: string; key: string } | null = null): FastifyInstance {
  const app = (tls
    ? Fastify({ ...SERVER_OPTIONS, https: { cert: tls.cert, key: tls.key } })
    : Fastify(SERVER_OPTIONS)) as unknown as FastifyInstance;
  let callbackNumber = 0;

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

  app.all('*', async (request, reply) => {
    const collected: CollectedBody = (request.body as CollectedBody | undefined) ?? { kind: 'complete', bytes: Buffer.alloc(0) };
    const url = splitUrl(request.url);
    const internal = options.internal?.(request.method, url.pathname);
    if (internal) return reply.code(internal.status).headers(internal.headers).send(internal.body);

    const headers = recordedHeaders(request);
    const remote = `${request.ip}:${request.socket.remotePort ?? 0}`;
    if (request.method === 'OPTIONS') {
      options.record({ type: 'probe', method: 'OPTIONS', path: url.pathname, headers, remote });
      return reply.code(200).header('allow', 'POST, OPTIONS').header('access-control-allow-origin', '*').send();
    }

    const facts = describeCallback(request, url, headers, remote, collected);
    if (collected.kind === 'complete' && request.method === 'POST' && isProbeBody(facts)) {
      options.record({ type: 'probe', method: 'POST', path: url.pathname, headers, remote });
      return reply.code(200).type('application/json').send('{"status":true}');
    }
    if (collected.kind !== 'complete') {
      const rejected = { reason: collected.kind === 'too-large' ? 'body too large' : collected.reason, size: facts.size };
      const status = collected.kind === 'too-large' ? 413 : 400;
      options.record({ type: 'callback', ...facts, rejected, response: { status }, matched: false, note: describeRejection(collected, options.bodyLimit) });
      return reply.code(status).header('connection', 'close').type('application/json').send(JSON.stringify({ error: rejected.reason, limit: options.bodyLimit }));
    }

    const verdict = options.classify?.(facts) ?? { matched: true };
    if (options.forward) return relayForward(reply, options, facts, collected.bytes, verdict);

    callbackNumber += 1;
    const planned = planResponse(options.rules, callbackNumber, verdict.responseHint);
    options.record({ type: 'callback', ...facts, response: { status: planned.status }, matched: verdict.matched, ...noteOf(verdict) });
    return sendPlanned(reply, planned);
  });

  return app;
}

async function relayForward(reply: FastifyReply, options: ReceiverOptions, facts: CallbackFacts, body: Buffer, verdict: CallbackVerdict) {
  const answer = await options.forward!(facts, body);
  const status = answer.response?.status ?? 502;
  options.record({ type: 'callback', ...facts, response: { status }, matched: verdict.matched, ...noteOf(verdict), forward: answer.outcome });
  if (!answer.response) {
    return reply.code(502).type('application/json').send(JSON.stringify({ error: answer.outcome.error ?? 'forward failed' }));
  }
  for (const [name, value] of Object.entries(answer.response.headers)) {
    if (!isConnectionHeader(name)) reply.header(name, value);
  }
  endIfClosing(reply);
  return reply.code(status).send(answer.response.body);
}


// Producers send the probe with whatever content type their HTTP client defaults to; judge it by its bytes.
function isProbeBody(facts: CallbackFacts): boolean {
  if (facts.size > 200 || facts.bodyText === null || !facts.bodyText.includes('rpc.callback')) return false;
  const parsed = tryParseJson(facts.bodyText);
  return parsed.ok && isRpcCallbackProbe(parsed.value);
}

// A URL object per request is measurable under a flood; the path and query are all the receiver needs.
function splitUrl(raw: string): { pathname: string; search: string } {
  const mark = raw.indexOf('?');
  return mark === -1 ? { pathname: raw, search: '' } : { pathname: raw.slice(0, mark), search: raw.slice(mark) };
}

// Once closing has begun, an answer still in flight (a --delay, a --forward-to) ends its connection, so close() is not held by keep-alive.
function endIfClosing(reply: FastifyReply): void {
  if (!reply.server.server.listening) reply.header('connection', 'close');
}

function noteOf(verdict: CallbackVerdict): { note?: string } {
  return verdict.note === undefined ? {} : { note: verdict.note };
}

async function sendPlanned(reply: FastifyReply, planned: PlannedResponse) {
  if (planned.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
  endIfClosing(reply);
  reply.code(planned.status);
  for (const [name, value] of Object.entries(planned.headers)) reply.header(name, value);
  return reply.send(planned.body);
}

// Node already lower-cases header names; the object is only copied when a garbled content type must be restored.
function recordedHeaders(request: FastifyRequest): Headers {
  const original = originalContentType.get(request.raw);
  const headers = request.headers as Headers;
  return original === undefined ? headers : { ...headers, 'content-type': original };
}

function describeCallback(request: FastifyRequest, url: { pathname: string; search: string }, headers: Headers, remote: string, collected: CollectedBody): CallbackFacts {
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : null;
  const bytes = collected.kind === 'complete' ? collected.bytes : Buffer.alloc(0);
  const decoded = collected.kind === 'complete' ? decodeBody(bytes, contentType) : { body: null, bodyText: null };
  return {
    method: request.method,
    path: url.pathname,
    query: parseQuery(url.search),
    headers,
    body: decoded.body,
    bodyText: decoded.bodyText,
    bodyBase64: bytes.toString('base64'),
    size: collected.kind === 'complete' ? bytes.length : collected.kind === 'too-large' ? collected.size : collected.received,
    contentType,
    remote,
  };
}

function describeRejection(collected: Exclude<CollectedBody, { kind: 'complete' }>, limit: number): string {
  if (collected.kind === 'too-large') return `body of ${collected.size} bytes is over the ${limit}-byte limit (raise --body-limit)`;
  return `${collected.reason} after ${collected.received} bytes`;
}
