import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decodeSignature, headerValue, hmacSha256, sameBytes } from './hmac.js';
import { timestampProblem } from './timestamp.js';
import type { SignatureScheme, SignedRequest } from './types.js';

const KEY_PREFIX = 'whsec_';

/**
 * Standard Webhooks (and Svix, which sends the same headers under `svix-`): `v1,<base64 HMAC-SHA256 of "id.ts.body">`,
 * the key being the base64 after `whsec_`. The official `standardwebhooks` package signs; the checks around it are
 * ours, so each failure can say what was wrong and the clock can be injected.
 */
export function standardWebhooksScheme(headerPrefix: 'webhook-' | 'svix-'): SignatureScheme {
  return {
    describe: `${headerPrefix}id, ${headerPrefix}timestamp, ${headerPrefix}signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> (key: the base64 after whsec_)`,
    signsTimestamp: true,
    secretProblem: (secret) => (keyOf(secret) === null ? `is not a Standard Webhooks key: expected whsec_ followed by base64` : null),
    newId: () => `msg_${randomBytes(18).toString('base64url')}`,
    verify(request, secret, settings, nowMs) {
      const prefix = prefixUsed(request, headerPrefix);
      const signatures = headerValue(request.headers, `${prefix}signature`);
      const id = headerValue(request.headers, `${prefix}id`);
      const timestamp = headerValue(request.headers, `${prefix}timestamp`);
      if (signatures === undefined) return { valid: false, reason: `no ${prefix}signature header` };
      if (id === undefined) return { valid: false, reason: `no ${prefix}id header` };
      if (timestamp === undefined) return { valid: false, reason: `no ${prefix}timestamp header` };
      const stale = timestampProblem(`${prefix}timestamp`, timestamp, nowMs, settings.toleranceMs);
      if (stale) return { valid: false, reason: stale };

      const entries = signatures.split(' ').filter((entry) => entry !== '');
      const v1 = entries.filter((entry) => entry.startsWith('v1,')).map((entry) => decodeSignature(entry.slice(3), 'base64'));
      if (v1.length === 0) {
        const onlyAsymmetric = entries.length > 0 && entries.every((entry) => entry.startsWith('v1a,'));
        return {
          valid: false,
          reason: onlyAsymmetric
            ? `${prefix}signature has only v1a (ed25519) signatures; cbtest checks v1 (HMAC-SHA256)`
            : `${prefix}signature has no v1 signature (expected 'v1,<base64>')`,
        };
      }
      const expected = expectedSignature(secret, id, timestamp.trim(), request.body);
      if (v1.some((given) => sameBytes(expected, given))) return { valid: true };
      return { valid: false, reason: v1.length > 1 ? `no v1 signature matches (${v1.length} given)` : 'no v1 signature matches' };
    },
    sign(body, secret, _settings, context) {
      const timestamp = String(Math.floor(context.nowMs / 1000));
      const signature = `v1,${expectedSignature(secret, context.id, timestamp, body).toString('base64')}`;
      return { [`${headerPrefix}id`]: context.id, [`${headerPrefix}timestamp`]: timestamp, [`${headerPrefix}signature`]: signature };
    },
  };
}

// A sender may use either family of names; the scheme's own comes first.
function prefixUsed(request: SignedRequest, preferred: string): string {
  const other = preferred === 'webhook-' ? 'svix-' : 'webhook-';
  const uses = (prefix: string) => ['signature', 'id', 'timestamp'].some((name) => request.headers[`${prefix}${name}`] !== undefined);
  return !uses(preferred) && uses(other) ? other : preferred;
}

function expectedSignature(secret: string, id: string, timestamp: string, body: Buffer): Buffer {
  // The library signs text: for a body that is not UTF-8 its round trip would change the bytes, so sign those ourselves.
  if (isUtf8(body)) {
    const signed = new Webhook(secret).sign(id, new Date(Number(timestamp) * 1000), body.toString('utf8'));
    return Buffer.from(signed.slice(signed.indexOf(',') + 1), 'base64');
  }
  return hmacSha256(keyOf(secret) ?? Buffer.alloc(0), `${id}.${timestamp}.`, body);
}

function keyOf(secret: string): Buffer | null {
  const encoded = secret.startsWith(KEY_PREFIX) ? secret.slice(KEY_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length === 0 ? null : key;
}
