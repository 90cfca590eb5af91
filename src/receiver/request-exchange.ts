import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CallbackEvent, Headers } from '../core/events.js';
import type { Exchange } from './answerer.js';
import type { CollectedBody } from './body-collector.js';
import type { PendingLink } from './pending-exchanges.js';
import { describeCallback, type CallbackFacts, type CallbackVerdict } from './callback-facts.js';

const EMPTY_BODY: CollectedBody = { kind: 'complete', bytes: Buffer.alloc(0) };
const COUNTS: CallbackVerdict = { matched: true };
const originalContentType = new WeakMap<object, string>();
const CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+\s*(;.*)?$/;

/** A sender may announce an empty or garbled content type: remember it for the record and let the body through. */
export function setAsideGarbledContentType(raw: import('node:http').IncomingMessage): void {
  const type = raw.headers['content-type'];
  if (type !== undefined && !CONTENT_TYPE.test(type)) {
    originalContentType.set(raw, type);
    delete raw.headers['content-type'];
  }
}

/** One request on its way through the answerers; decoding, classifying and the abort signal are made on first use. */
export class RequestExchange implements Exchange, PendingLink<RequestExchange> {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly headers: Headers;
  readonly remote: string;
  scriptedStatus?: number;
  settled = false;
  // Links of the receiver's list of unanswered exchanges (see PendingExchanges).
  previousPending: RequestExchange | null = null;
  nextPending: RequestExchange | null = null;
  /** When the whole callback was in hand: the answer's duration is measured from here. */
  readonly receivedAt = performance.now();
  private decoded: CallbackFacts | undefined;
  private marked: Partial<CallbackEvent> | undefined;
  private classified: CallbackVerdict | undefined;
  private controller: AbortController | undefined;

  constructor(
    request: FastifyRequest,
    readonly reply: FastifyReply,
    readonly body: CollectedBody = (request.body as CollectedBody | undefined) ?? EMPTY_BODY,
    private readonly classify?: (callback: CallbackFacts) => CallbackVerdict,
  ) {
    // A URL object per request is measurable under a flood; the path and query are all the receiver needs.
    const raw = request.url;
    const mark = raw.indexOf('?');
    this.path = mark === -1 ? raw : raw.slice(0, mark);
    this.search = mark === -1 ? '' : raw.slice(mark);
    this.method = request.method;
    const original = originalContentType.get(request.raw);
    // Node already lower-cases header names; the object is only copied when a garbled content type must be restored.
    this.headers = original === undefined ? (request.headers as Headers) : { ...(request.headers as Headers), 'content-type': original };
    this.remote = `${request.ip}:${request.socket.remotePort ?? 0}`;
  }

  /** What answerers add to the record (a signature verdict, a CloudEvent, why a body was refused). */
  get marks(): Partial<CallbackEvent> {
    return (this.marked ??= {});
  }

  /** The marks, if any answerer made one: most callbacks have none, and need no object for them. */
  get marksIfAny(): Partial<CallbackEvent> | undefined {
    return this.marked;
  }

  get facts(): CallbackFacts {
    return (this.decoded ??= describeCallback(this.method, this.path, this.search, this.headers, this.remote, this.body));
  }

  get verdict(): CallbackVerdict {
    return (this.classified ??= this.classify?.(this.facts) ?? COUNTS);
  }

  get signal(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  abort(): void {
    this.controller?.abort(new Error('the receiver is shutting down'));
  }

  settle(): void {
    this.settled = true;
  }
}
