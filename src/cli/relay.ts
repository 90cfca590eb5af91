import type { Command } from 'commander';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { escapeControlChars } from '../core/terminal-text.js';
import type { CommandContext } from './command-context.js';
import { parseByteSize, parseHttpUrl, parseInteger } from './parse-values.js';
import type { RawOptions } from './shared-options.js';
import { secretText } from './options/relay-options.js';

export const DEFAULT_RELAY_PORT = 8080;

export function registerRelay(program: Command, context: CommandContext): void {
  program
    .command('relay')
    .description('run a self-hosted relay on Redis: public channel URLs for many cbtest runs, any number of instances behind one load balancer')
    .option('--redis <url>', 'the Redis all instances share, e.g. redis://127.0.0.1:6379')
    .option('--port <n>', 'port to serve on', String(DEFAULT_RELAY_PORT))
    .option('--host <addr>', 'address to serve on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--public-url <url>', 'where producers reach the relay (the load balancer); default: the address each client used')
    .option('--require-token <token>', 'opening a channel needs this token (a literal, env:NAME or @file; clients pass it with --relay-token)')
    .option('--body-limit <bytes>', 'larger bodies are answered 413 at the relay and recorded as rejected', '10MiB')
    .option('--answer-timeout <duration>', "how long a producer waits for the client's answer before a 504", '10s')
    .option('--offline-status <code>', 'what a producer gets while no client is connected (the request waits in the channel)', '202')
    .option('--max-length <n>', 'requests kept per channel (the oldest go first)', '10000')
    .option('--channel-ttl <duration>', 'a channel is forgotten this long after its client was last connected', '24h')
    .addHelpText(
      'after',
      `
Example (two instances, one Redis):
  redis-server --port 6379 --save '' --appendonly no &
  cbtest relay --redis redis://127.0.0.1:6379 --port 8080 &
  cbtest relay --redis redis://127.0.0.1:6379 --port 8081 &
  cbtest listen --relay http://127.0.0.1:8080 --relay http://127.0.0.1:8081`,
    )
    .action(async (raw: RawOptions) => {
      const options = parseRelayServerOptions(raw);
      const { startRelay, redisUrlForDisplay } = await import('../relay/start-relay.js');
      const { io } = context;
      const log = (line: string): void => void io.stdout.write(`${new Date().toISOString().slice(11, 23)}  ${escapeControlChars(line)}\n`);
      const relay = await startRelay({ ...options, log });
      io.stdout.write(`relay ${relay.url}  (redis ${redisUrlForDisplay(options.redisUrl)}, instance ${relay.instanceId}; Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await relay.close();
      context.setExitCode(0);
    });
}

function parseRelayServerOptions(raw: RawOptions) {
  if (raw.redis === undefined) throw new UsageError('cbtest relay needs --redis', 'e.g. --redis redis://127.0.0.1:6379 (start one with redis-server)');
  const redisUrl = String(raw.redis);
  if (!/^rediss?:\/\/[^/]/.test(redisUrl)) throw new UsageError(`--redis '${redisUrl}' is not a Redis URL`, 'write it like redis://127.0.0.1:6379 (rediss:// for TLS)');
  const token = raw.requireToken === undefined ? null : secretText(String(raw.requireToken), '--require-token', process.env);
  if (token !== null && token.length < 8) throw new UsageError('--require-token is shorter than 8 characters', 'use a long random token, e.g. from `openssl rand -hex 16`');
  return {
    redisUrl,
    port: parseInteger(String(raw.port), '--port', { min: 0, max: 65535 }),
    host: String(raw.host),
    publicUrl: raw.publicUrl === undefined ? null : parseHttpUrl(String(raw.publicUrl), '--public-url').href.replace(/\/+$/, ''),
    requireToken: token,
    bodyLimit: parseByteSize(String(raw.bodyLimit), '--body-limit'),
    answerTimeoutMs: parseDuration(String(raw.answerTimeout), '--answer-timeout'),
    offlineStatus: parseInteger(String(raw.offlineStatus), '--offline-status', { min: 200, max: 599 }),
    limits: {
      maxLength: parseInteger(String(raw.maxLength), '--max-length', { min: 1, max: 10_000_000 }),
      ttlMs: parseDuration(String(raw.channelTtl), '--channel-ttl'),
      holderTtlMs: 15_000,
    },
  };
}
