import { decodeSignature, headerValue, hmacSha256, sameBytes } from './hmac.js';
import type { SignatureEncoding, SignatureScheme, SignedRequest, VerifyOutcome } from './types.js';

/** Where a body-only HMAC travels: GitHub, Shopify and the generic `hmac-sha256` differ only here. */
export interface BodyHmacLayout {
  /** Lower-cased header names, the first one present wins. */
  headers: readonly string[];
  encoding: SignatureEncoding;
  prefix: string;
}

/** Checks `<prefix><encoded HMAC-SHA256 of the body>` in the layout's header. */
export function verifyBodyHmac(request: SignedRequest, secret: string, layout: BodyHmacLayout): VerifyOutcome {
  const name = layout.headers.find((candidate) => request.headers[candidate] !== undefined);
  const header = name === undefined ? undefined : headerValue(request.headers, name);
  if (name === undefined || header === undefined) return { valid: false, reason: `no ${layout.headers[0]} header` };
  const trimmed = header.trim();
  if (!trimmed.startsWith(layout.prefix)) {
    return { valid: false, reason: `${name} does not start with '${layout.prefix}' (expected '${layout.prefix}<${layout.encoding}>')` };
  }
  const given = decodeSignature(trimmed.slice(layout.prefix.length), layout.encoding);
  if (given === null) return { valid: false, reason: `${name} is not ${layout.encoding} after '${layout.prefix}'` };
  if (sameBytes(hmacSha256(secret, request.body), given)) return { valid: true };
  return { valid: false, reason: `${name} does not match the body` };
}

export function signBodyHmac(body: Buffer, secret: string, layout: BodyHmacLayout): Record<string, string> {
  return { [layout.headers[0]!]: `${layout.prefix}${hmacSha256(secret, body).toString(layout.encoding)}` };
}

const GITHUB: BodyHmacLayout = { headers: ['x-hub-signature-256'], encoding: 'hex', prefix: 'sha256=' };

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`; the delivery id travels in X-GitHub-Delivery. */
export const githubScheme: SignatureScheme = {
  describe: 'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>',
  signsTimestamp: false,
  verify(request, secret) {
    if (request.headers['x-hub-signature-256'] === undefined && request.headers['x-hub-signature'] !== undefined) {
      return { valid: false, reason: 'only the legacy X-Hub-Signature (sha1) header; cbtest checks X-Hub-Signature-256' };
    }
    return verifyBodyHmac(request, secret, GITHUB);
  },
  sign: (body, secret, _settings, context) => ({ ...signBodyHmac(body, secret, GITHUB), 'x-github-delivery': context.id }),
};

// Shopify's newer "events" deliveries drop the X- prefix.
const SHOPIFY: BodyHmacLayout = { headers: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'], encoding: 'base64', prefix: '' };

/** Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>`. */
export const shopifyScheme: SignatureScheme = {
  describe: 'X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>',
  signsTimestamp: false,
  verify: (request, secret) => verifyBodyHmac(request, secret, SHOPIFY),
  sign: (body, secret, _settings, context) => ({ ...signBodyHmac(body, secret, SHOPIFY), 'x-shopify-event-id': context.id }),
};

/** Any other provider: `--signature-header NAME`, `--signature-encoding hex|base64`, `--signature-prefix TEXT`. */
export const genericHmacScheme: SignatureScheme = {
  describe: '--signature-header NAME: [--signature-prefix]<hex|base64 HMAC-SHA256 of the body>',
  signsTimestamp: false,
  settingsProblem: (settings) => (settings.header === null ? 'needs --signature-header NAME (where the signature travels)' : null),
  verify: (request, secret, settings) => verifyBodyHmac(request, secret, genericLayout(settings)),
  sign: (body, secret, settings) => signBodyHmac(body, secret, genericLayout(settings)),
};

function genericLayout(settings: { header: string | null; encoding: SignatureEncoding; prefix: string }): BodyHmacLayout {
  return { headers: [(settings.header ?? 'x-signature').toLowerCase()], encoding: settings.encoding, prefix: settings.prefix };
}
