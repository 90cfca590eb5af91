import { toReceiverPlan, RECEIVER_DEFAULTS } from '../cli/shared-options.js';
import { UsageError } from '../core/errors.js';
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
  /** Check each callback's signature: `{ scheme: 'stripe', secret: 'env:STRIPE_SECRET' }`. */
  verify?: { scheme: string; secret: string; tolerance?: string };
  /** Append every event to this NDJSON file. */
  record?: string;
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
    tolerance: options.verify?.tolerance,
  };
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
}

/** The receiver plan the engine runs, from library options, through the same checks as the flags. */
export function toLibraryReceiverPlan(options: ReceiverOptions, flags: Record<string, unknown> = toReceiverFlags(options)): ReceiverPlan {
  const plan = toReceiverPlan(flags);
  // Until the receiver checks signatures, asking it to would silently check nothing.
  if (options.verify && !('verify' in plan)) throw new UsageError('verify is not available yet: this cbtest does not check signatures on arrival', 'leave verify out, or check the signature on the callback yourself');
  return plan;
}

/** Names an option nobody knows, so a typo (`publicURL`) is not silently ignored. */
export function checkOptionNames(options: object, known: ReadonlySet<string>, what: string): void {
  for (const name of Object.keys(options)) {
    if (!known.has(name) && !KNOWN.has(name)) throw new UsageError(`${what}: unknown option '${name}'`, `the options are ${[...known, ...KNOWN].join(', ')}`);
  }
}
