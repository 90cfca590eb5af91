import Fastify, { type FastifyInstance } from 'fastify';
import { UsageError } from '../core/errors.js';
import type { PreparedSignature } from '../signatures/registry.js';
import { BackgroundWork } from './background-work.js';
import { safeLogger, type FlowAuthPolicy, type ProducerContext, type ProducerSettings } from './context.js';
import { createDeliverer, type ProbeStyle, type RetryPolicy } from './deliver.js';
import { FlowStore } from './flow-store.js';
import { registerFlowRoutes } from './flows.js';
import { registerIndexRoute } from './index-route.js';
import { registerOAuthRoutes } from './oauth.js';
import { registerOpenApiRoute } from './openapi-route.js';
import { registerRpcRoutes } from './rpc.js';
import { registerSubscriptionRoutes } from './subscriptions.js';
import { NO_SCHEMA_COMPILERS } from '../receiver/no-schema-compilers.js';

export interface ProducerOptions {
  /** Callback URLs must be https unless this is set. */
  allowHttp: boolean;
  /** The acknowledgment shape: `{"callback":{"url","status":true,"data":[]}}` (default) or `{"async":true,"callback":url}`. */
  ackStyle?: 'callback' | 'async';
  /** How long the "work" takes before the callback (default 300ms). */
  processingDelayMs?: number;
  /** Callback delivery: total attempts and the first backoff, doubled each retry (default 3, 250ms). */
  retry?: RetryPolicy;
  /** Whether a flow trigger needs a `user-token` header, and what a missing or wrong one gets. */
  flowAuth?: FlowAuthPolicy;
  /** How a callback URL is checked before a call is accepted (default OPTIONS). */
  probe?: ProbeStyle;
  /** Extra certificates (PEM text) to trust for https callback URLs, e.g. a `--https` receiver's self-signed one. */
  trustCertificates?: string[];
  /** --sign: every callback delivery is signed (a fresh timestamp per attempt, one id per delivery). */
  signer?: PreparedSignature | null;
  /** One human line per thing the producer does (received, acked, delivered, retried). */
  log?: (line: string) => void;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export function resolveProducerSettings(options: ProducerOptions): ProducerSettings {
  return {
    allowHttp: options.allowHttp,
    ackStyle: options.ackStyle ?? 'callback',
    processingDelayMs: Math.max(0, options.processingDelayMs ?? 300),
    retry: options.retry ?? { attempts: 3, baseDelayMs: 250 },
    flowAuth: options.flowAuth ?? { requireToken: null, onFail: 'error' },
    probe: options.probe ?? 'options',
  };
}

/** The producer as a fastify app, not listening yet. Closing it cancels every pending timer and delivery. */
export function buildProducerApp(options: ProducerOptions): FastifyInstance {
  const log = safeLogger(options.log);
  const settings = resolveProducerSettings(options);
  const work = new BackgroundWork((label, error) => log(`${label} failed: ${error instanceof Error ? error.message : String(error)}`));
  const deliverer = createDeliverer(work, settings.retry, log, options.trustCertificates, options.signer ?? null);
  const ctx: ProducerContext = { settings, work, deliverer, log };
  const flows = new FlowStore();

  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true, ...NO_SCHEMA_COMPILERS });
  // Cancel first, so requests still in flight (a probe, a cancel waiting on a delivery) end at once.
  app.addHook('preClose', async () => {
    await work.close();
    await deliverer.close();
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log(`${request.method} ${request.url} failed: ${error.message}`);
    return reply.code(status).send({ error: status === 500 ? 'internal error' : error.message, status });
  });
  app.setNotFoundHandler((request, reply) => {
    const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
    log(`← ${route}: no such route (GET / lists them)`);
    return reply.code(404).send({ error: `no route ${route}`, hint: 'GET / lists what this server speaks', status: 404 });
  });

  registerIndexRoute(app, ctx);
  registerRpcRoutes(app, ctx, flows);
  registerFlowRoutes(app, ctx, flows);
  registerSubscriptionRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerOpenApiRoute(app);
  return app;
}

/** Builds and listens; `url` is where clients reach it. */
export async function startProducer(
  options: ProducerOptions & { port: number; host: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = buildProducerApp(options);
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${options.port} on ${options.host} is already in use`, 'pick another with --port, or --port 0 for any free one');
    if (code === 'EACCES') throw new UsageError(`port ${options.port} on ${options.host} needs privileges to listen on`, 'pick a port above 1023 with --port');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on host ${options.host}: it is not an address of this machine`, 'use --host 127.0.0.1 or 0.0.0.0');
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return { url: `http://${displayHost(options.host)}:${port}`, close: () => (closing ??= app.close()) };
}

/** A host a client can dial: wildcard addresses become loopback, IPv6 gets brackets. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
