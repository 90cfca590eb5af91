import type { FastifyInstance } from 'fastify';
import { UsageError } from '../core/errors.js';
import { buildReceiverApp, settlePendingAnswers, type ReceiverOptions } from './app.js';

export interface ListenAddress {
  port: number;
  host: string;
  /** TLS material for --https. */
  tls?: { cert: string; key: string } | null;
}

export interface RunningReceiver {
  app: FastifyInstance;
  /** The local base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Builds and starts the receiver; a busy or forbidden port is a usage error with the fix. */
export async function startReceiver(address: ListenAddress, options: ReceiverOptions): Promise<RunningReceiver> {
  const app = buildReceiverApp(options, address.tls ?? null);
  try {
    await app.listen({ port: address.port, host: address.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw describeListenError(error, address);
  }
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  const scheme = address.tls ? 'https' : 'http';
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    app,
    url: `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () => closeGracefully(app),
  };
}

const CLOSE_GRACE_MS = 1000;

/**
 * Lets answers in flight (a --delay, a --forward-to) reach their senders for up to a second; what is still pending
 * then is recorded as unanswered (`response.status: null`) and cut, and idle keep-alive connections are ended,
 * so shutdown never waits on a slow app or a long delay.
 */
async function closeGracefully(app: FastifyInstance): Promise<void> {
  await settlePendingAnswers(app, CLOSE_GRACE_MS);
  const hardStop = setTimeout(() => app.server.closeAllConnections(), 200);
  try {
    await app.close();
  } finally {
    clearTimeout(hardStop);
  }
}

function describeListenError(error: unknown, address: ListenAddress): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new UsageError(`port ${address.port} is in use`, 'pick another with --port (or --port 0 for any free port)');
  }
  if (code === 'EACCES') {
    return new UsageError(`port ${address.port} needs privileges on this machine`, 'pick a port above 1023 with --port');
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new UsageError(`--host ${address.host} is not an address of this machine`, 'use 127.0.0.1, 0.0.0.0 or ::1');
  }
  return error instanceof Error ? error : new Error(String(error));
}
