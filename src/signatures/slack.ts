import { decodeSignature, headerValue, hmacSha256, sameBytes } from './hmac.js';
import { timestampProblem } from './timestamp.js';
import type { SignatureScheme } from './types.js';

const SIGNATURE = 'x-slack-signature';
const TIMESTAMP = 'x-slack-request-timestamp';

/** Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">` with the time in X-Slack-Request-Timestamp. */
export const slackScheme: SignatureScheme = {
  describe: 'X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:timestamp:body">, X-Slack-Request-Timestamp',
  signsTimestamp: true,
  verify(request, secret, settings, nowMs) {
    const signature = headerValue(request.headers, SIGNATURE);
    const timestamp = headerValue(request.headers, TIMESTAMP);
    if (signature === undefined) return { valid: false, reason: `no ${SIGNATURE} header` };
    if (timestamp === undefined) return { valid: false, reason: `no ${TIMESTAMP} header` };
    const trimmed = signature.trim();
    if (!trimmed.startsWith('v0=')) return { valid: false, reason: `${SIGNATURE} does not start with 'v0='` };
    const given = decodeSignature(trimmed.slice(3), 'hex');
    if (given === null) return { valid: false, reason: `${SIGNATURE} is not hex after 'v0='` };
    const stale = timestampProblem(TIMESTAMP, timestamp, nowMs, settings.toleranceMs);
    if (stale) return { valid: false, reason: stale };
    if (sameBytes(hmacSha256(secret, `v0:${timestamp.trim()}:`, request.body), given)) return { valid: true };
    return { valid: false, reason: `${SIGNATURE} does not match the body and timestamp` };
  },
  sign(body, secret, _settings, context) {
    const timestamp = String(Math.floor(context.nowMs / 1000));
    return { [TIMESTAMP]: timestamp, [SIGNATURE]: `v0=${hmacSha256(secret, `v0:${timestamp}:`, body).toString('hex')}` };
  },
};
