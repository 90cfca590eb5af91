import { randomUUID } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { genericHmacScheme, githubScheme, shopifyScheme } from './body-hmac.js';
import { slackScheme } from './slack.js';
import { standardWebhooksScheme } from './standard-webhooks.js';
import { stripeScheme } from './stripe.js';
import type { SignatureSchemeName } from './scheme-names.js';
import type { SchemeSettings, SignatureScheme, SignContext, SignedRequest, VerifyOutcome } from './types.js';

/** Every scheme --verify and --sign know, by the name the user types. Adding one is a file and a line here. */
export const SIGNATURE_SCHEMES: Readonly<Record<string, SignatureScheme>> = {
  'standard-webhooks': standardWebhooksScheme('webhook-'),
  svix: standardWebhooksScheme('svix-'),
  stripe: stripeScheme,
  github: githubScheme,
  shopify: shopifyScheme,
  slack: slackScheme,
  'hmac-sha256': genericHmacScheme,
} satisfies Record<SignatureSchemeName, SignatureScheme>;

export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

export const defaultSchemeSettings: SchemeSettings = { toleranceMs: DEFAULT_TOLERANCE_MS, header: null, encoding: 'hex', prefix: '' };

/** A scheme bound to its secret and settings, checked once up front. */
export interface PreparedSignature {
  scheme: string;
  signsTimestamp: boolean;
  /** `now` is injected so tests (and recorded fixtures) can pin the clock. */
  verify(request: SignedRequest, nowMs?: number): VerifyOutcome;
  /** A fresh delivery id in the scheme's style (`msg_…` for Standard Webhooks, else a UUID). */
  newId(): string;
  /** Headers for one attempt: a fresh timestamp, and a fresh id unless the delivery's own is given (retries keep it). */
  sign(body: Buffer | string, context?: Partial<SignContext>): Record<string, string>;
}

/** Binds a scheme to a secret; an unknown scheme or a secret it cannot use is a usage error (the secret is never echoed). */
export function prepareSignature(name: string, secret: string, settings: Partial<SchemeSettings> = {}, flag = '--verify'): PreparedSignature {
  const scheme = SIGNATURE_SCHEMES[name];
  if (!scheme) {
    throw new UsageError(`${flag} ${name} is not a signature scheme cbtest knows`, `use one of ${Object.keys(SIGNATURE_SCHEMES).join(', ')}`);
  }
  const full: SchemeSettings = { ...defaultSchemeSettings, ...settings };
  if (secret === '') throw new UsageError(`${flag} ${name} needs --secret`, 'give the signing secret as a literal, env:NAME or @file');
  const secretProblem = scheme.secretProblem?.(secret);
  if (secretProblem) throw new UsageError(`--secret for ${name} ${secretProblem}`, 'copy the whole secret from the provider');
  const settingsProblem = scheme.settingsProblem?.(full);
  if (settingsProblem) throw new UsageError(`${flag} ${name} ${settingsProblem}`);
  return {
    scheme: name,
    signsTimestamp: scheme.signsTimestamp,
    verify: (request, nowMs = Date.now()) => scheme.verify(request, secret, full, nowMs),
    newId: () => scheme.newId?.() ?? randomUUID(),
    sign(body, context = {}) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const id = context.id ?? scheme.newId?.() ?? randomUUID();
      return scheme.sign(bytes, secret, full, { nowMs: context.nowMs ?? Date.now(), id });
    },
  };
}

/** Signs one request body for `replay --sign`, `send --sign` and the library: the headers to add. */
export function signRequest(options: { scheme: string; secret: string; settings?: Partial<SchemeSettings> }, body: Buffer | string, context: Partial<SignContext> = {}): Record<string, string> {
  return prepareSignature(options.scheme, options.secret, options.settings, '--sign').sign(body, context);
}
