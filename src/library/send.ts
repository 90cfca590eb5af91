import type { EventStore } from '../core/event-store.js';
import type { CbEvent } from '../core/events.js';
import { UsageError } from '../core/errors.js';
import { parseHttpUrl } from '../cli/parse-values.js';
import { runSend } from '../run/send-case.js';
import { libraryDeps } from './library-deps.js';
import { timeoutMsOf } from './wait-options.js';

export interface SendOptions {
  /** A JSON body (any value; a string is sent as it is). */
  data?: unknown;
  /** Default POST. */
  method?: string;
  headers?: Record<string, string>;
  /** Default 30s. */
  timeout?: string | number;
  /** Sign the body: `{ scheme: 'github', secret: 'env:GH_SECRET' }` (a fresh id and timestamp). */
  sign?: { scheme: string; secret: string; header?: string; encoding?: 'hex' | 'base64'; prefix?: string };
  /** Append the request and its answer to an NDJSON file. */
  record?: string;
}

export interface SendResult {
  pass: boolean;
  /** What `cbtest send` would exit with: 0 on 2xx, 4 otherwise. */
  exitCode: number;
  reason?: string;
  /** The answer's status and body (parsed JSON, else text), when there was an answer. */
  status: number | null;
  body: unknown;
  events: CbEvent[];
}

/** `cbtest send` as a call: plays the external system that calls a callback URL. */
export async function send(url: string, options: SendOptions = {}): Promise<SendResult> {
  const target = parseHttpUrl(url, 'url').href;
  const method = (options.method ?? 'POST').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError(`method '${options.method}' is not an HTTP method`, 'e.g. POST, PUT or GET');
  const body = options.data === undefined ? undefined : typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
  const headers: Record<string, string> = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  let secrets: string[] = [];
  if (options.sign) {
    const { resolveSecretValue } = await import('../core/secret-value.js');
    const { prepareSignature } = await import('../signatures/registry.js');
    const { readFileSync } = await import('node:fs');
    const secret = resolveSecretValue(options.sign.secret, { env: process.env, readFile: (file) => readFileSync(file, 'utf8') }, 'sign.secret');
    const prepared = prepareSignature(options.sign.scheme, secret, { header: options.sign.header?.toLowerCase() ?? null, encoding: options.sign.encoding ?? 'hex', prefix: options.sign.prefix ?? '' }, 'sign');
    for (const [name, value] of Object.entries(prepared.sign(body ?? ''))) headers[name.toLowerCase()] = value;
    secrets = [secret];
  }
  let store: EventStore | null = null;
  const outcome = await runSend(
    { request: { url: target, method, headers, body, timeoutMs: timeoutMsOf(options.timeout, '30s') ?? 30_000 }, recordPath: options.record ?? null, redaction: { headers: [], params: [], secrets } },
    libraryDeps((opened) => (store = opened)),
  );
  if (outcome.bug !== undefined) throw outcome.bug;
  const events = [...((store as EventStore | null)?.snapshot().events ?? [])];
  const ack = events.find((event) => event.type === 'ack');
  return {
    pass: outcome.verdict.pass,
    exitCode: outcome.verdict.exitCode,
    ...(outcome.verdict.reason === undefined ? {} : { reason: outcome.verdict.reason }),
    status: ack?.type === 'ack' ? ack.status : null,
    body: ack?.type === 'ack' ? ack.body : null,
    events,
  };
}
