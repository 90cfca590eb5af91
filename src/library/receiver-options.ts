import { toReceiverPlan, RECEIVER_DEFAULTS } from '../cli/shared-options.js';
import { UsageError } from '../core/errors.js';
import { signingSecrets } from '../cli/options/sender-options.js';
import type { RedactionPolicy } from '../core/redact.js';
import type { ReceiverPlan } from '../run/session-plan.js';

/** The receiver flags of `listen` and `fire`, in camelCase, typed. Errors name the flag they stand for. */
export interface ReceiverOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The receiver is already reachable there (ngrok, cloudflared, a CI service name). */
  publicUrl?: string;
  /** Serve TLS with a generated self-signed certificate. */
  https?: boolean;
  /** Open a localtunnel: `true`, or where your own localtunnel server is. */
  tunnel?: boolean | { host?: string; subdomain?: string };
  /** Forward each callback, byte for byte, and answer with the app's response. */
  forwardTo?: string;
  /** Status to answer callbacks with (default 200). */
  status?: number;
  /** Body to answer with: text as it is (`@file` reads a file, as the flag does), anything else as JSON. */
  responseBody?: unknown;
  responseHeaders?: Record<string, string>;
  /** Wait before answering: `'500ms'`, `'2s'`, or milliseconds. */
  delay?: string | number;
  /** Answer 500 to the first N callbacks. */
  failFirst?: number;
  /** The Nth callback gets the Nth status, the last repeats: `[503, 503, 200]`. */
  respondSeq?: readonly number[];
  /** `Retry-After` on non-2xx answers: `'2s'` or milliseconds. */
  retryAfter?: string | number;
  /** Larger bodies are answered 413 and recorded as rejected: bytes, or `'10MiB'`. */
  bodyLimit?: number | string;
  /**
   * Check each callback's signature over its exact bytes, answering 401 when it does not hold:
   * `{ scheme: 'stripe', secret: 'env:STRIPE_SECRET' }` (secret: a literal, `env:NAME` or `@file`; never recorded).
   */
  verify?: VerifyOptions;
  /** Append every event to this NDJSON file. */
  record?: string;
}

/** `--verify SCHEME --secret S` and the generic scheme's `--signature-*` flags, in camelCase. */
export interface VerifyOptions {
  /** standard-webhooks (svix), stripe, github, shopify, slack, hmac-sha256. */
  scheme: string;
  secret: string;
  /** How far a signed timestamp may be from now: `'5m'` (the default), or milliseconds. */
  tolerance?: string | number;
  /** hmac-sha256: the header the signature arrives in. */
  signatureHeader?: string;
  signatureEncoding?: 'hex' | 'base64';
  /** hmac-sha256: text before the digest, e.g. `'sha256='`. */
  signaturePrefix?: string;
}

const duration = (value: string | number | undefined): string | undefined => (value === undefined ? undefined : typeof value === 'number' ? `${value}ms` : value);
const KNOWN = new Set<string>(['port', 'host', 'publicUrl', 'https', 'tunnel', 'forwardTo', 'status', 'responseBody', 'responseHeaders', 'delay', 'failFirst', 'respondSeq', 'retryAfter', 'bodyLimit', 'verify', 'record']);

/** The receiver options as the flags' raw values (what the suites' receiver blocks merge into). */
export function toReceiverFlags(options: ReceiverOptions): Record<string, unknown> {
  const tunnel = options.tunnel === true ? {} : options.tunnel || null;
  const raw: Record<string, unknown> = {
    ...RECEIVER_DEFAULTS,
    port: String(options.port ?? 0),
    host: options.host ?? RECEIVER_DEFAULTS.host,
    https: options.https === true,
    publicUrl: options.publicUrl,
    tunnel: tunnel !== null,
    tunnelHost: tunnel?.host ?? RECEIVER_DEFAULTS.tunnelHost,
    subdomain: tunnel?.subdomain,
    forwardTo: options.forwardTo,
    status: options.status === undefined ? undefined : String(options.status),
    responseBody: options.responseBody === undefined ? undefined : typeof options.responseBody === 'string' ? options.responseBody : JSON.stringify(options.responseBody),
    responseHeader: options.responseHeaders === undefined ? undefined : Object.entries(options.responseHeaders).map(([name, value]) => `${name}: ${value}`),
    delay: duration(options.delay),
    failFirst: options.failFirst === undefined ? undefined : String(options.failFirst),
    respondSeq: options.respondSeq === undefined ? undefined : options.respondSeq.join(','),
    retryAfter: duration(options.retryAfter),
    bodyLimit: String(options.bodyLimit ?? RECEIVER_DEFAULTS.bodyLimit),
    verify: options.verify?.scheme,
    secret: options.verify?.secret,
    tolerance: duration(options.verify?.tolerance),
    signatureHeader: options.verify?.signatureHeader,
    signatureEncoding: options.verify?.signatureEncoding,
    signaturePrefix: options.verify?.signaturePrefix,
  };
  if (options.verify !== undefined) checkVerifyOptions(options.verify);
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
}

/** The receiver plan the engine runs and what its events must never show (the verify secret), through the flags' checks. */
export function toLibraryReceiver(flags: Record<string, unknown>): { plan: ReceiverPlan; redaction: RedactionPolicy } {
  return { plan: toReceiverPlan(flags), redaction: { headers: [], params: [], secrets: signingSecrets(flags) } };
}

const VERIFY_KEYS = new Set(['scheme', 'secret', 'tolerance', 'signatureHeader', 'signatureEncoding', 'signaturePrefix']);

function checkVerifyOptions(verify: VerifyOptions): void {
  if (typeof verify !== 'object' || verify === null || typeof verify.scheme !== 'string' || typeof verify.secret !== 'string') {
    throw new UsageError('verify needs { scheme, secret }', "e.g. verify: { scheme: 'github', secret: 'env:GH_SECRET' }");
  }
  for (const name of Object.keys(verify)) {
    if (!VERIFY_KEYS.has(name)) throw new UsageError(`verify: unknown option '${name}'`, `the options are ${[...VERIFY_KEYS].join(', ')}`);
  }
}

/** Names an option nobody knows, so a typo (`publicURL`) is not silently ignored. */
export function checkOptionNames(options: object, known: ReadonlySet<string>, what: string): void {
  for (const name of Object.keys(options)) {
    if (!known.has(name) && !KNOWN.has(name)) throw new UsageError(`${what}: unknown option '${name}'`, `the options are ${[...known, ...KNOWN].join(', ')}`);
  }
}
