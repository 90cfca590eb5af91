import type { createClient } from 'redis';
import { channelKeys } from './channel-keys.js';
import type { RelayedRequest } from './relay-protocol.js';
import { RedisScript } from './redis-script.js';

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

// Appends unless the channel is unknown (NOMKSTREAM), and reads its holder in the same step: one command per request.
// KEYS: stream, holder; ARGV: max length, then field, value, ... Returns [id or false, 1 when held].
const APPEND_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'NOMKSTREAM', 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 2))
return {id, redis.call('EXISTS', KEYS[2])}`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The Redis side of channels: one stream per channel, its acknowledged id, and who holds its client. */
export class ChannelStore {
  private readonly appendScript = new RedisScript(APPEND_SCRIPT);

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
   * Appends a producer's request and says whether a client holds the channel: one script, one command and one round
   * trip. The id is null when the channel does not exist.
   */
  async append(name: string, request: Omit<RelayedRequest, 'id'>): Promise<{ id: string | null; held: boolean }> {
    const keys = channelKeys(name);
    const fields = [
      'method', request.method,
      'target', request.target,
      'headers', JSON.stringify(request.headers),
      'body', request.body,
      'remote', request.remote,
      'at', String(request.at),
      'reply', request.reply,
      ...(request.rejected ? ['rejected', JSON.stringify(request.rejected)] : []),
    ];
    const reply = (await this.appendScript.run(this.redis, [keys.stream, keys.holder], [String(this.limits.maxLength), ...fields])) as [string | null, number];
    return { id: typeof reply[0] === 'string' ? reply[0] : null, held: reply[1] === 1 };
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

  /**
   * Waits up to `blockMs` for entries after `after`, on a connection of its own (XREAD BLOCK holds it). Each entry
   * comes back as the JSON of a RelayedRequest, built from the stream's fields as they are (the header lines are
   * stored as JSON already), so a batch goes to the client without being parsed and serialised again.
   */
  async read(reader: RedisConnection, name: string, after: string, blockMs: number, count: number): Promise<Array<{ id: string; json: string }>> {
    const reply = (await reader.xRead({ key: channelKeys(name).stream, id: after }, { BLOCK: blockMs, COUNT: count })) as Array<{
      messages: Array<{ id: string; message: Record<string, string> }>;
    }> | null;
    if (!reply || reply.length === 0) return [];
    const entries: Array<{ id: string; json: string }> = [];
    for (const { id, message } of reply[0]!.messages) {
      if (message.kind !== 'open') entries.push({ id: String(id), json: entryJson(String(id), message) });
    }
    return entries;
  }
}

/** A stream entry as a RelayedRequest's JSON; the JSON-valued fields (headers, rejected) are spliced in as stored. */
export function entryJson(id: string, fields: Record<string, string>): string {
  const text = JSON.stringify;
  const headers = isJsonArray(fields.headers) ? fields.headers : '[]';
  const rejected = fields.rejected !== undefined && /^\{[^{}]*\}$/.test(fields.rejected) ? `,"rejected":${fields.rejected}` : '';
  return (
    `{"id":${text(id)},"method":${text(fields.method ?? 'GET')},"target":${text(fields.target ?? '/')},"headers":${headers},` +
    `"body":${text(fields.body ?? '')},"remote":${text(fields.remote ?? '')},"at":${Number(fields.at ?? 0) || 0},"reply":${text(fields.reply ?? '')}${rejected}}`
  );
}

// The relay wrote this field with JSON.stringify; a cheap check keeps a hand-edited stream from breaking the frame.
function isJsonArray(value: string | undefined): value is string {
  return value !== undefined && value.startsWith('[') && value.endsWith(']');
}
