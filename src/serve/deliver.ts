import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { sendPlainRequest } from '../flows/http-request.js';
import type { PreparedSignature } from '../signatures/registry.js';
import type { BackgroundWork } from './background-work.js';
import { describeNetworkError } from './network-error.js';

export const PRODUCER_USER_AGENT = 'cbtest-serve/0.1';

const ATTEMPT_TIMEOUT_MS = 10_000;
const PROBE_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 30_000;
const PROBE_BODY = { 'rpc.callback': 'check real webhook url' };

export interface RetryPolicy {
  /** Total tries, the first one included. */
  attempts: number;
  baseDelayMs: number;
}

/** How a producer checks a callback URL before accepting it. */
export type ProbeStyle = 'options' | 'post' | 'none';

export interface Delivery {
  url: string;
  body: unknown;
  /** Names the delivery in log lines, e.g. `callback id "7"`. */
  label: string;
  contentType?: string;
  /** Statuses that end the delivery at once without retrying (e.g. 403/410 from a subscriber). */
  finalStatuses?: readonly number[];
  /** Stops further attempts (not the one on the wire) when aborted. */
  signal?: AbortSignal;
}

export type DeliveryOutcome =
  | { delivered: true; status: number; attempts: number; requestId: string }
  | { delivered: false; status: number | null; error: string; attempts: number; requestId: string };

export interface Deliverer {
  deliver(delivery: Delivery): Promise<DeliveryOutcome>;
  /** Resolves with null when the URL answered the probe with 2xx, else with the reason it is not reachable. */
  probe(url: string, style: ProbeStyle): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * Outgoing HTTP for the producer: its own connection pool, so closing the producer closes its sockets.
 * `trusted` adds certificates (PEM) to the usual roots, e.g. a receiver's self-signed one.
 */
export function createDeliverer(work: BackgroundWork, retry: RetryPolicy, log: (line: string) => void, trusted: readonly string[] = [], signer: PreparedSignature | null = null): Deliverer {
  const ca = trusted.length > 0 ? [...rootCertificates, ...trusted] : undefined;
  // Node's own client (no undici to load at start, no WebAssembly parser to compile on the first delivery); idle
  // sockets are dropped after 4 s, and all of them when the producer closes.
  const agents = { http: new HttpAgent({ keepAlive: true, timeout: 4_000 }), https: new HttpsAgent({ keepAlive: true, timeout: 4_000, ...(ca ? { ca } : {}) }) };
  const attempts = Math.max(1, Math.floor(retry.attempts));

  async function send(method: 'POST' | 'OPTIONS', url: string, headers: Record<string, string>, body: string | null, timeoutMs: number) {
    const target = new URL(url);
    const response = await sendPlainRequest({
      method,
      url: target,
      headers,
      body,
      signal: work.signal,
      timeoutMs,
      connectTimeoutMs: PROBE_TIMEOUT_MS,
      agent: target.protocol === 'https:' ? agents.https : agents.http,
    });
    return { status: response.status, retryAfterMs: retryAfterOf(response.headers['retry-after']) };
  }

  const post = (url: string, payload: string, headers: Record<string, string>, timeoutMs: number) => send('POST', url, headers, payload, timeoutMs);

  async function deliver(delivery: Delivery): Promise<DeliveryOutcome> {
    const requestId = randomUUID();
    const payload = JSON.stringify(delivery.body);
    // One id for every attempt of this delivery (the receiver's idempotency key); a fresh timestamp and signature each time.
    const deliveryId = signer?.newId() ?? requestId;
    let lastStatus: number | null = null;
    let lastError = '';
    let retryAfterMs: number | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const headers = {
        'content-type': delivery.contentType ?? 'application/json',
        'user-agent': PRODUCER_USER_AGENT,
        'x-request-id': requestId,
        'x-delivery-attempt': String(attempt),
        ...signer?.sign(payload, { id: deliveryId }),
      };
      try {
        ({ status: lastStatus, retryAfterMs } = await post(delivery.url, payload, headers, ATTEMPT_TIMEOUT_MS));
        lastError = `answered ${lastStatus}`;
      } catch (error) {
        if (work.closed) throw error;
        lastStatus = null;
        retryAfterMs = null;
        lastError = describeNetworkError(error);
      }
      if (lastStatus !== null && lastStatus >= 200 && lastStatus < 300) {
        log(`${delivery.label} → ${delivery.url} delivered: ${lastStatus} (attempt ${attempt}, x-request-id ${requestId})`);
        return { delivered: true, status: lastStatus, attempts: attempt, requestId };
      }
      const final = lastStatus !== null && (delivery.finalStatuses ?? []).includes(lastStatus);
      if (final || attempt === attempts || delivery.signal?.aborted) {
        log(`${delivery.label} → ${delivery.url} not delivered: ${lastError} (attempt ${attempt} of ${attempts}, giving up)`);
        return { delivered: false, status: lastStatus, error: lastError, attempts: attempt, requestId };
      }
      // The receiver's Retry-After wins over the backoff, as the Standard Webhooks and CloudEvents specs ask.
      const waitMs = Math.min(MAX_BACKOFF_MS, retryAfterMs ?? retry.baseDelayMs * 2 ** (attempt - 1));
      log(`${delivery.label} → ${delivery.url} ${lastError} (attempt ${attempt} of ${attempts}), retrying in ${waitMs}ms`);
      try {
        await work.sleep(waitMs, delivery.signal);
      } catch (error) {
        if (work.closed) throw error;
        log(`${delivery.label} → ${delivery.url} retries stopped: the delivery was cancelled`);
        return { delivered: false, status: lastStatus, error: `${lastError}; cancelled`, attempts: attempt, requestId };
      }
    }
    // Unreachable: the loop returns on its last attempt.
    return { delivered: false, status: lastStatus, error: lastError, attempts, requestId };
  }

  async function probe(url: string, style: ProbeStyle): Promise<string | null> {
    if (style === 'none') return null;
    const headers = { 'user-agent': PRODUCER_USER_AGENT, 'x-request-id': randomUUID() };
    try {
      let status: number;
      if (style === 'post') {
        status = (await post(url, JSON.stringify(PROBE_BODY), { ...headers, 'content-type': 'application/json' }, PROBE_TIMEOUT_MS)).status;
      } else {
        status = (await send('OPTIONS', url, headers, null, PROBE_TIMEOUT_MS)).status;
      }
      const method = style === 'post' ? 'POST' : 'OPTIONS';
      return status >= 200 && status < 300 ? null : `${method} ${url} answered ${status}`;
    } catch (error) {
      if (work.closed) throw error;
      return describeNetworkError(error);
    }
  }

  return {
    deliver,
    probe,
    close: async () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** Retry-After in seconds (the HTTP-date form is rare from receivers and is ignored). */
function retryAfterOf(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header[0] : header;
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) * 1000 : null;
}
