import type { FastifyRequest } from 'fastify';
import { escapeControlChars } from '../core/terminal-text.js';
import type { BackgroundWork } from './background-work.js';
import type { Deliverer, ProbeStyle, RetryPolicy } from './deliver.js';

export interface FlowAuthPolicy {
  /** The `user-token` a trigger activation must carry; null accepts any (or none). */
  requireToken: string | null;
  /** 'error' answers 401; 'ignore' answers 200 but leaves the flow waiting. */
  onFail: 'error' | 'ignore';
}

/** ProducerOptions with every default filled in. */
export interface ProducerSettings {
  allowHttp: boolean;
  ackStyle: 'callback' | 'async';
  processingDelayMs: number;
  retry: RetryPolicy;
  flowAuth: FlowAuthPolicy;
  probe: ProbeStyle;
}

/** What every route module shares: settings, the log, background work and outgoing HTTP. */
export interface ProducerContext {
  settings: ProducerSettings;
  work: BackgroundWork;
  deliverer: Deliverer;
  log(line: string): void;
}

/** Log lines carry request values (method names, URLs): never let them reach a terminal raw. */
export function safeLogger(log: ((line: string) => void) | undefined): (line: string) => void {
  if (!log) return () => {};
  return (line) => {
    try {
      log(escapeControlChars(line));
    } catch {
      // A failing log sink must not take a request down with it.
    }
  };
}

/** This server's own origin as the client reached it (absolute URLs handed out in acks and redirects). */
export function serverOrigin(request: FastifyRequest): string {
  if (request.host) return `${request.protocol}://${request.host}`;
  // An HTTP/1.0 client may send no Host header: fall back to the address it connected to.
  const { localAddress = '127.0.0.1', localPort } = request.socket;
  const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return `${request.protocol}://${host}:${localPort ?? ''}`;
}
