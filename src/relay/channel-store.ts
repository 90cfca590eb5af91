import type { createClient } from 'redis';
import { channelKeys } from './channel-keys.js';
import type { RelayedRequest } from './relay-protocol.js';

export type RedisConnection = ReturnType<typeof createClient>;

export interface ChannelLimits {
  /** Stream length bound (approximate MAXLEN): the oldest entries go first. */
  maxLength: number;
  /** A channel and its stream expire this long after its client was last connected. */
  ttlMs: number;
  /** A holder that stops renewing (its instance died) is forgotten after this long. */
  holderTtlMs: number;
}

// Creates the stream empty (an entry added and trimmed away), so producers can append with NOMKSTREAM and an
// unknown channel is never created by a stranger's request. Returns [created, acked id].
const OPEN_SCRIPT = `
local created = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('XADD', KEYS[1], '*', 'kind', 'open')
  redis.call('XTRIM', KEYS[1], 'MAXLEN', 0)
  redis.call('HSET', KEYS[2], 'acked', '0-0', 'opened', ARGV[2])
  created = 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return {created, redis.call('HGET', KEYS[2], 'acked') or '0-0'}`;

// Renews the holder only while it is still ours (a newer connection elsewhere takes over), and keeps the channel alive.
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 1`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The Redis side of channels: one stream per channel, its acknowledged id, and who holds its client. */
export class ChannelStore {
  constructor(
    private readonly redis: RedisConnection,
    readonly limits: ChannelLimits,
  ) {}

  async open(name: string): Promise<{ created: boolean; acked: string }> {
    const keys = channelKeys(name);
    const reply = (await this.redis.eval(OPEN_SCRIPT, { keys: [keys.stream, keys.meta], arguments: [String(this.limits.ttlMs), String(Date.now())] })) as [number, string];
    return { created: reply[0] === 1, acked: String(reply[1]) };
  }

  async exists(name: string): Promise<boolean> {
    return (await this.redis.exists(channelKeys(name).stream)) === 1;
  }

  /**
   * Appends a producer's request and says whether a client holds the channel, in one round trip (the two commands
   * are pipelined). The id is null when the channel does not exist.
   */
  async append(name: string, request: Omit<RelayedRequest, 'id'>): Promise<{ id: string | null; held: boolean }> {
    const keys = channelKeys(name);
    const fields: Record<string, string> = {
      method: request.method,
      target: request.target,
      headers: JSON.stringify(request.headers),
      body: request.body,
      remote: request.remote,
      at: String(request.at),
      reply: request.reply,
    };
    if (request.rejected) fields.rejected = JSON.stringify(request.rejected);
    const trim = { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.limits.maxLength } } as const;
    const [id, holder] = await Promise.all([this.redis.xAddNoMkStream(keys.stream, '*', fields, trim), this.redis.get(keys.holder)]);
    return { id: id === null ? null : String(id), held: holder !== null };
  }

  async takeHolder(name: string, holderId: string): Promise<void> {
    await this.redis.set(channelKeys(name).holder, holderId, { PX: this.limits.holderTtlMs });
  }

  /** False when another connection took the channel over. */
  async renewHolder(name: string, holderId: string): Promise<boolean> {
    const keys = channelKeys(name);
    const reply = await this.redis.eval(RENEW_SCRIPT, {
      keys: [keys.holder, keys.stream, keys.meta],
      arguments: [holderId, String(this.limits.holderTtlMs), String(this.limits.ttlMs)],
    });
    return reply === 1;
  }

  async releaseHolder(name: string, holderId: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, { keys: [channelKeys(name).holder], arguments: [holderId] });
  }

  async acknowledge(name: string, id: string): Promise<void> {
    await this.redis.hSet(channelKeys(name).meta, 'acked', id);
  }

  /** Waits up to `blockMs` for entries after `after`, on a connection of its own (XREAD BLOCK holds it). */
  async read(reader: RedisConnection, name: string, after: string, blockMs: number, count: number): Promise<RelayedRequest[]> {
    const reply = (await reader.xRead({ key: channelKeys(name).stream, id: after }, { BLOCK: blockMs, COUNT: count })) as Array<{
      messages: Array<{ id: string; message: Record<string, string> }>;
    }> | null;
    if (!reply || reply.length === 0) return [];
    return reply[0]!.messages.filter((entry) => entry.message.kind !== 'open').map(({ id, message }) => toRequest(String(id), message));
  }
}

function toRequest(id: string, fields: Record<string, string>): RelayedRequest {
  return {
    id,
    method: fields.method ?? 'GET',
    target: fields.target ?? '/',
    headers: JSON.parse(fields.headers ?? '[]') as string[],
    body: fields.body ?? '',
    remote: fields.remote ?? '',
    at: Number(fields.at ?? 0),
    reply: fields.reply ?? '',
    ...(fields.rejected ? { rejected: JSON.parse(fields.rejected) as { size: number; limit: number } } : {}),
  };
}
