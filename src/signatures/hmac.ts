import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Headers } from '../core/events.js';
import type { SignatureEncoding } from './types.js';

/** HMAC-SHA256 of the parts, concatenated as bytes (text parts as UTF-8). */
export function hmacSha256(key: string | Buffer, ...parts: Array<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

const HEX = /^(?:[0-9a-f]{2})+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The signature bytes a header carries, or null when the text is not in that encoding. */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | null {
  const trimmed = text.trim();
  if (encoding === 'hex') return HEX.test(trimmed) ? Buffer.from(trimmed, 'hex') : null;
  return BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
}

/** Constant-time comparison; different lengths never match (and are not compared). */
export function sameBytes(expected: Buffer, given: Buffer | null): boolean {
  return given !== null && given.length === expected.length && timingSafeEqual(expected, given);
}

/** A header's value; a repeated header counts by its first value. */
export function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
