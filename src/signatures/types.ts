import type { Headers } from '../core/events.js';

/** What a verifier reads: lower-cased header names and the exact bytes received. */
export interface SignedRequest {
  headers: Headers;
  body: Buffer;
}

export type VerifyOutcome = { valid: true } | { valid: false; reason: string };

export type SignatureEncoding = 'hex' | 'base64';

/** Options a scheme may use; the generic `hmac-sha256` needs the header, encoding and prefix. */
export interface SchemeSettings {
  /** How far a signed timestamp may be from now, either way. */
  toleranceMs: number;
  header: string | null;
  encoding: SignatureEncoding;
  prefix: string;
}

/** A fresh attempt: the time it is signed and the delivery's id (kept across retries of one delivery). */
export interface SignContext {
  nowMs: number;
  id: string;
}

/** One signature scheme: how a sender signs and how a receiver checks, over the exact bytes. */
export interface SignatureScheme {
  /** One line for help and errors, e.g. `Stripe-Signature: t=…,v1=<hex HMAC-SHA256 of "t.body">`. */
  describe: string;
  /** True when the scheme signs a timestamp (so --tolerance applies). */
  signsTimestamp: boolean;
  /** Why this secret cannot be used (e.g. a `whsec_` key that is not base64), or null. */
  secretProblem?(secret: string): string | null;
  /** Why the settings cannot be used (the generic scheme without --signature-header), or null. */
  settingsProblem?(settings: SchemeSettings): string | null;
  /** A fresh delivery id in the provider's style (e.g. `msg_…`); a UUID when absent. */
  newId?(): string;
  verify(request: SignedRequest, secret: string, settings: SchemeSettings, nowMs: number): VerifyOutcome;
  /** The headers to add to a request carrying `body`. */
  sign(body: Buffer, secret: string, settings: SchemeSettings, context: SignContext): Record<string, string>;
}
