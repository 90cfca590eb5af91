import { createHash } from 'node:crypto';
import type { RedisConnection } from './channel-store.js';

/**
 * A Lua script run by its SHA-1 (EVALSHA), so the hot path sends a 40-byte hash instead of the script; a Redis that
 * does not know it yet (first use, a restart, SCRIPT FLUSH) gets the whole script once (EVAL caches it again).
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisConnection, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await redis.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, { keys, arguments: args });
    }
  }
}
