import { decodeSignature, headerValue, hmacSha256, sameBytes } from './hmac.js';
import { timestampProblem } from './timestamp.js';
import type { SignatureScheme } from './types.js';

const HEADER = 'stripe-signature';

/** Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`; the whole `whsec_…` secret is the key. */
export const stripeScheme: SignatureScheme = {
  describe: 'Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> (key: the whole whsec_… secret)',
  signsTimestamp: true,
  verify(request, secret, settings, nowMs) {
    const header = headerValue(request.headers, HEADER);
    if (header === undefined) return { valid: false, reason: `no ${HEADER} header` };
    const pairs = parsePairs(header);
    const timestamp = pairs.find(([name]) => name === 't')?.[1];
    // Other schemes (v0, test-mode extras) are ignored, as Stripe's own library does.
    const signatures = pairs.filter(([name]) => name === 'v1').map(([, value]) => decodeSignature(value, 'hex'));
    if (timestamp === undefined) return { valid: false, reason: `${HEADER} has no t= timestamp` };
    if (signatures.length === 0) return { valid: false, reason: `${HEADER} has no v1= signature` };
    const stale = timestampProblem(`${HEADER} t=`, timestamp, nowMs, settings.toleranceMs);
    if (stale) return { valid: false, reason: stale };
    const expected = hmacSha256(secret, `${timestamp.trim()}.`, request.body);
    if (signatures.some((given) => sameBytes(expected, given))) return { valid: true };
    return { valid: false, reason: signatures.length > 1 ? `no v1 signature matches (${signatures.length} given)` : 'no v1 signature matches' };
  },
  sign(body, secret, _settings, context) {
    const timestamp = String(Math.floor(context.nowMs / 1000));
    return { [HEADER]: `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.`, body).toString('hex')}` };
  },
};

function parsePairs(header: string): Array<[string, string]> {
  return header.split(',').flatMap((item): Array<[string, string]> => {
    const equals = item.indexOf('=');
    return equals === -1 ? [] : [[item.slice(0, equals).trim(), item.slice(equals + 1).trim()]];
  });
}
