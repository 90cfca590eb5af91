import { createClient } from 'redis';
import { TransportError, UsageError } from '../core/errors.js';
import { AnswerRouter } from './answer-router.js';
import { ChannelStore, type ChannelLimits, type RedisConnection } from './channel-store.js';
import { buildRelayApp } from './relay-app.js';

export interface RelayOptions {
  redisUrl: string;
  port: number;
  host: string;
  publicUrl: string | null;
  requireToken: string | null;
  bodyLimit: number;
  answerTimeoutMs: number;
  offlineStatus: number;
  limits: ChannelLimits;
  log(line: string): void;
}

export interface RunningRelay {
  url: string;
  instanceId: string;
  close(): Promise<void>;
}

const REDIS_CONNECT_TIMEOUT_MS = 5000;

/** Starts one relay instance; any number of them share one Redis and hold no state of their own. */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const errors = storageErrorReporter(options.log);
  const redis = await connectRedis(options.redisUrl, errors.report);
  const subscriber = await connectRedis(options.redisUrl, errors.report, redis);
  const readers = new Set<RedisConnection>();
  const router = await AnswerRouter.start(redis, subscriber);
  const store = new ChannelStore(redis, options.limits);
  const { app, sockets } = buildRelayApp({
    store,
    router,
    newReader: async () => {
      const reader = await connectRedis(options.redisUrl, errors.report, redis);
      readers.add(reader);
      reader.on('end', () => readers.delete(reader));
      return reader;
    },
    publicUrl: options.publicUrl,
    requireToken: options.requireToken,
    bodyLimit: options.bodyLimit,
    answerTimeoutMs: options.answerTimeoutMs,
    offlineStatus: options.offlineStatus,
    onStorageError: errors.report,
    log: options.log,
  });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await Promise.all([redis.close(), subscriber.close()]).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${options.port} is in use`, 'pick another with --port (or --port 0 for any free port)');
    throw error;
  }
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    instanceId: router.instanceId,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      router.close();
      app.server.closeAllConnections();
      await app.close();
      for (const reader of readers) reader.destroy();
      await Promise.all([redis.close(), subscriber.close()]).catch(() => undefined);
    },
  };
}

/**
 * A connection that fails fast while Redis is away (no offline queue: a producer gets 503 at once, not a hang),
 * and reconnects by itself with backoff.
 */
async function connectRedis(url: string, onError: (error: Error) => void, template?: RedisConnection): Promise<RedisConnection> {
  const client = (template ? template.duplicate() : createClient({
    url,
    disableOfflineQueue: true,
    // node-redis's command timeout only covers a command's wait to be written, not its reply; with no offline queue
    // that wait is one tick, and the timeout cost an AbortSignal and a timer per command (5% of the relay's CPU).
    commandOptions: { timeout: 0 },
    socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  })) as RedisConnection;
  client.on('error', onError);
  if (template) {
    await client.connect();
    return client;
  }
  // The first failed attempt is the answer: node-redis would otherwise retry for ever.
  let rejectFirst: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (rejectFirst = reject));
  client.once('error', rejectFirst);
  try {
    await Promise.race([client.connect(), failure]);
  } catch (error) {
    client.destroy();
    throw new TransportError(`cannot reach Redis at ${redisUrlForDisplay(url)}: ${(error as Error).message || (error as Error).name}`, 'start redis-server, or fix --redis');
  } finally {
    client.off('error', rejectFirst);
  }
  return client;
}

/** The Redis URL without its password, for messages. */
export function redisUrlForDisplay(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return '<invalid URL>';
  }
}

/** One line when Redis goes away, none per request while it stays away. */
function storageErrorReporter(log: (line: string) => void): { report(error: Error): void } {
  let lastReportAt = 0;
  return {
    report: (error) => {
      const now = Date.now();
      if (now - lastReportAt < 5000) return;
      lastReportAt = now;
      log(`redis: ${error.message || error.name}`);
    },
  };
}
