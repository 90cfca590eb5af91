import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A channel is named by a hash of a 128-bit key only its client holds: the name in the public URL lets a producer
 * send, and only the key lets a client read, so knowing a channel's URL never lets anyone read it.
 */

const NAME_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh channel key (128 random bits). */
export function newChannelKey(): string {
  return randomBytes(16).toString('base64url');
}

/** The channel's public name: 132 bits of SHA-256 over the key, URL-safe. */
export function channelNameOf(key: string): string {
  return createHash('sha256').update(`cbtest relay channel\0${key}`).digest('base64url').slice(0, 22);
}

export function isChannelName(text: string): boolean {
  return NAME_PATTERN.test(text);
}

/** A channel key is any printable text of 16 to 200 characters (a user may choose one with --relay-key). */
export function isChannelKey(text: string): boolean {
  return text.length >= 16 && text.length <= 200 && /^[\x21-\x7e]+$/.test(text);
}

/** The Redis keys of one channel; the hash tag keeps them in one slot of a Redis Cluster. */
export function channelKeys(name: string): { stream: string; meta: string; holder: string } {
  const base = `cbtest:relay:{${name}}`;
  return { stream: `${base}:stream`, meta: `${base}:meta`, holder: `${base}:holder` };
}

/** The pub/sub channel on which one relay instance hears the answers to the producers it holds. */
export function answerChannelOf(instanceId: string): string {
  return `cbtest:relay:answers:${instanceId}`;
}

/** Constant-time comparison of a presented token with the required one. */
export function tokenMatches(presented: string | undefined, required: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(required).digest();
  return timingSafeEqual(a, b);
}

/** Stream ids are `ms-seq`; true when `a` comes after `b`. */
export function streamIdAfter(a: string, b: string): boolean {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs > bMs || (aMs === bMs && aSeq > bSeq);
}
