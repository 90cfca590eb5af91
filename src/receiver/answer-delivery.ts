import { isUtf8 } from 'node:buffer';
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { CallbackEvent, EventDraft, Stamped } from '../core/events.js';
import type { Answer } from './answerer.js';
import { PendingExchanges } from './pending-exchanges.js';
import type { RequestExchange } from './request-exchange.js';

export interface DeliveryOptions {
  record: (draft: EventDraft) => void;
  /**
   * Hands what was recorded to the OS; true when the record holds it. Called once per batch of answers, before any
   * of them is sent, so a sender that got an answer finds its callback in the record even if cbtest is killed.
   */
  commit?: () => boolean;
  /** Gives a settled exchange's body bytes back to the in-flight budget. */
  release?: (bytes: number) => void;
}

const RECORD_FAILED: Answer = { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '5' }, body: '{"error":"cbtest cannot write its record"}' };

/**
 * Records each answer as the sender gets it, then sends it. With a commit, answers ready in the same turn of the
 * event loop share one write of the record: the sender waits one turn, not one write.
 */
export class AnswerDelivery {
  private readonly pending = new PendingExchanges<RequestExchange>();
  // Only what sending needs: an exchange held here until the next turn kept its bytes and facts alive past a scavenge.
  private batch: Array<{ reply: FastifyReply; answer: Answer }> = [];
  private scheduled = false;

  constructor(private readonly options: DeliveryOptions) {}

  track(exchange: RequestExchange): void {
    this.pending.add(exchange);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  deliver(reply: FastifyReply, exchange: RequestExchange, answer: Answer): void {
    if (exchange.settled) return;
    // The sender hung up while the answer was being worked out (a --delay, a slow app): record that, send nothing.
    if (reply.raw.destroyed || reply.raw.socket?.destroyed === true) {
      this.settle(exchange, answer, 'the sender hung up before the answer');
      return;
    }
    this.recordAnswer(exchange, answer);
    this.finish(exchange);
    if (this.options.commit === undefined || answer.recordAs === 'none') {
      send(reply, answer);
      return;
    }
    this.batch.push({ reply, answer });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushBatch);
    }
  }

  /** Shutdown: answers already recorded go out; what is still pending is recorded as never answered, and its connection is cut. */
  cutPending(reason: string): void {
    this.flushBatch();
    for (const exchange of this.pending.toArray()) {
      this.settle(exchange, { status: 0 }, reason);
      exchange.abort();
      exchange.reply.raw.destroy();
    }
  }

  /** Waits until nothing is pending or `ms` passed. */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private readonly flushBatch = (): void => {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const committed = this.options.commit?.() ?? true;
    for (const { reply, answer } of batch) send(reply, committed ? answer : RECORD_FAILED);
  };

  private settle(exchange: RequestExchange, answer: Answer, error: string): void {
    if (exchange.settled) return;
    if (answer.recordAs !== 'none' && answer.recordAs !== 'probe') this.options.record(callbackRecord(exchange, answer, error));
    this.finish(exchange);
  }

  private recordAnswer(exchange: RequestExchange, answer: Answer): void {
    if (answer.recordAs === 'probe') {
      this.options.record({ type: 'probe', method: exchange.method, path: exchange.path, headers: exchange.headers, remote: exchange.remote });
    } else if (answer.recordAs !== 'none') {
      this.options.record(callbackRecord(exchange, answer, null));
    }
  }

  private finish(exchange: RequestExchange): void {
    exchange.settle();
    this.pending.delete(exchange);
    if (exchange.body.kind === 'complete' && exchange.body.bytes.length > 0) this.options.release?.(exchange.body.bytes.length);
  }
}

/**
 * Sends the answer as recorded, on the raw response: fastify's reply.send rewrites a JSON content type (it appends
 * `; charset=utf-8` and re-quotes parameters) and drops headers of a 204, so the sender got headers the record did
 * not say. Beyond the answer's own headers the sender gets only the transport's: Content-Length (without it Node
 * would fall back to chunked encoding), Date, Connection, Keep-Alive.
 */
function send(reply: FastifyReply, answer: Answer): void {
  reply.hijack();
  // Once closing has begun, an answer still in flight ends its connection, so close() is not held by keep-alive.
  const closing = answer.closeConnection === true || !reply.server.server.listening;
  reply.raw.writeHead(answer.status, wireHeaders(answer, closing));
  reply.raw.end(answer.body);
}

/** Whether a status carries content (RFC 9110: not 1xx, 204 or 304); Node sends such an answer no body. */
function statusHasContent(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

const NO_HEADERS: Readonly<Record<string, string | string[]>> = Object.freeze({});
const CONTENT_LENGTH = /^content-length$/i;
// The usual answer is one object sent again and again: its headers as sent are made once, not per callback.
let lastHeaders: Answer['headers'] | null = null;
let lastLength = -1;
let lastSent: OutgoingHttpHeaders = {};

function wireHeaders(answer: Answer, closing: boolean): OutgoingHttpHeaders {
  const headers = answer.headers ?? NO_HEADERS;
  // A status without content names no length; a HEAD answer names the length of what GET would get.
  const length = !statusHasContent(answer.status) ? -1 : answer.body === undefined ? 0 : typeof answer.body === 'string' ? Buffer.byteLength(answer.body) : answer.body.length;
  if (closing) return withLength({ ...headers, connection: 'close' }, length);
  if (headers !== lastHeaders || length !== lastLength) {
    // Frozen: it is handed to every writeHead that follows (Node only reads it).
    lastSent = Object.freeze(withLength({ ...headers }, length));
    lastHeaders = headers;
    lastLength = length;
  }
  return lastSent;
}

function withLength(headers: OutgoingHttpHeaders, length: number): OutgoingHttpHeaders {
  if (length < 0) return headers;
  // A length the answer names itself (a forwarded app's) is sent as it is.
  for (const name in headers) if (CONTENT_LENGTH.test(name)) return headers;
  headers['content-length'] = length;
  return headers;
}

/** The callback as the sender got it: the answer's status and headers, or `status: null` and why it got none. */
export function callbackRecord(exchange: RequestExchange, answer: Answer, error: string | null): CallbackEvent {
  // An answer that keeps the callback from counting skips the flow's classify, whose state (first-seen) it must not touch.
  const counted = error === null && answer.uncounted === undefined && exchange.verdict.matched;
  const note = error ?? answer.uncounted ?? (counted ? undefined : exchange.verdict.note);
  const response: CallbackEvent['response'] =
    error === null ? { status: answer.status, headers: answer.closeConnection ? { ...answer.headers, connection: 'close' } : (answer.headers ?? {}) } : { status: null, error };
  // The body as the sender got it: none for a HEAD request or a status without content, whatever the answer held.
  const body = exchange.method !== 'HEAD' && statusHasContent(answer.status) ? answerText(answer.body) : null;
  if (error === null && body !== null) response.body = body;
  response.durationMs = Math.round((performance.now() - exchange.receivedAt) * 10) / 10;
  // seq and at are placeholders the event store fills in place (see EventStore.append): one copy fewer per callback.
  const event: Stamped<CallbackEvent> = { type: 'callback', seq: 0, at: '', ...exchange.facts, ...exchange.marksIfAny, response, matched: counted };
  if (note !== undefined) event.note = note;
  if (answer.forward) event.forward = answer.forward;
  return event;
}

const ANSWER_PREVIEW_BYTES = 4096;

/** The answer's body as the details pane shows it: text up to 4 KiB, nothing for an empty or binary body. */
function answerText(body: string | Buffer | undefined): string | null {
  if (body === undefined || body.length === 0) return null;
  if (typeof body === 'string') return body.length > ANSWER_PREVIEW_BYTES ? body.slice(0, ANSWER_PREVIEW_BYTES) : body;
  // A cut may fall inside a character: step back over at most three bytes of it.
  for (let end = Math.min(body.length, ANSWER_PREVIEW_BYTES), floor = end - 3; end >= floor && end > 0; end -= 1) {
    if (isUtf8(body.subarray(0, end))) return body.subarray(0, end).toString('utf8');
    if (end === body.length) return null;
  }
  return null;
}
