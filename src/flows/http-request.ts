import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Headers } from '../core/events.js';

export interface PlainRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[]>;
  body: string | Buffer | null;
  signal?: AbortSignal | null;
  /** Stop waiting for the answer's headers, and for each piece of its body, after this long. */
  timeoutMs: number;
  /** Called once, when the whole request has been handed to the network (or as it fails, if it never was). */
  onSent?: () => void;
  /** A connection pool of the caller's own (the producer's, closed with it); default: one shared per scheme. */
  agent?: HttpAgent;
  /** Give up connecting after this long (CONNECT_TIMEOUT); default: only timeoutMs applies. */
  connectTimeoutMs?: number;
}

export interface PlainAnswer {
  status: number;
  /** Lower-case names; a header sent more than once is an array, in the order sent. */
  headers: Headers;
  /** The body as UTF-8 text (a leading byte-order mark dropped). */
  text: string;
}

/** Errors of this transport that name their cause in `code`, as Node's own do. */
const TIMEOUT_MESSAGES = {
  CONNECT_TIMEOUT: 'could not connect within the timeout',
  HEADERS_TIMEOUT: 'no answer within the timeout',
  BODY_TIMEOUT: 'the body stalled longer than the timeout',
} as const;

export class HttpTimeoutError extends Error {
  constructor(readonly code: keyof typeof TIMEOUT_MESSAGES) {
    super(TIMEOUT_MESSAGES[code]);
  }
}

// Node's own client: its parser is native and already loaded with the receiver, so a fresh process's first request
// pays no module load or WebAssembly parser compile (undici's cost, ~15 ms before its first byte went out).
// Idle sockets are unref'd by the agent and dropped after 4 s or the server's keep-alive hint.
const agents = { http: new HttpAgent({ keepAlive: true, timeout: 4000 }), https: new HttpsAgent({ keepAlive: true, timeout: 4000 }) };

/** Sends one request and reads the whole answer as text. Rejects with Node's network errors or an HttpTimeoutError. */
export function sendPlainRequest(outgoing: PlainRequest): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const https = outgoing.url.protocol === 'https:';
    const headers = { ...outgoing.headers };
    if (outgoing.body !== null && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(Buffer.byteLength(outgoing.body));
    }
    let timer: NodeJS.Timeout | undefined;
    let sent = false;
    const markSent = (): void => {
      if (sent) return;
      sent = true;
      try {
        outgoing.onSent?.();
      } catch (error) {
        request.destroy(error as Error);
      }
    };
    const signal = outgoing.signal;
    const aborted = (): Error => Object.assign(new Error('the request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    const onAbort = (): void => {
      request.destroy(aborted());
    };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      markSent();
      // However the socket's end surfaces (a reset, a premature close), an abort is what happened.
      reject(signal?.aborted ? aborted() : error);
    };
    const send = https ? httpsRequest : httpRequest;
    const request = send(outgoing.url, { method: outgoing.method, headers, agent: outgoing.agent ?? (https ? agents.https : agents.http) });
    const connectTimeoutMs = outgoing.connectTimeoutMs;
    if (connectTimeoutMs !== undefined) {
      request.once('socket', (socket) => {
        if (!socket.connecting) return;
        const connecting = setTimeout(() => request.destroy(new HttpTimeoutError('CONNECT_TIMEOUT')), connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connecting));
        socket.once('close', () => clearTimeout(connecting));
      });
    }
    // A listener of our own: Node's `signal` option loads and runs its stream machinery on the first request.
    if (signal?.aborted) queueMicrotask(onAbort);
    else signal?.addEventListener('abort', onAbort, { once: true });
    const expire = (code: HttpTimeoutError['code']) => () => request.destroy(new HttpTimeoutError(code));
    timer = setTimeout(expire('HEADERS_TIMEOUT'), outgoing.timeoutMs);
    request.on('error', fail);
    request.on('finish', markSent);
    request.on('response', (response: IncomingMessage) => {
      markSent();
      const chunks: Buffer[] = [];
      const restart = (): void => {
        clearTimeout(timer);
        timer = setTimeout(expire('BODY_TIMEOUT'), outgoing.timeoutMs);
      };
      restart();
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        restart();
      });
      response.on('error', fail);
      // A server that closes mid-body: the request was answered only in part.
      response.on('close', () => {
        if (!response.complete) fail(Object.assign(new Error('the server closed the connection before the answer was complete'), { code: 'ECONNRESET' }));
      });
      response.on('end', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: headersOf(response.rawHeaders), text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
      });
    });
    request.end(outgoing.body ?? undefined);
  });
}

function headersOf(raw: string[]): Headers {
  const headers: Headers = Object.create(null) as Headers;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    const value = raw[index + 1]!;
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return headers;
}
