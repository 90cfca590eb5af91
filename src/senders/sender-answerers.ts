import { cloudEventModeOf } from '../cloudevents/content-mode.js';
import { grantHeaders, readHandshake } from '../cloudevents/handshake.js';
import type { EventDraft } from '../core/events.js';
import type { WebhookDeclaration } from '../flows/openapi-webhooks.js';
import type { Answerer, Exchange } from '../receiver/answerer.js';
import type { PreparedSignature } from '../signatures/registry.js';

type ParseModule = typeof import('../cloudevents/parse-cloudevent.js');

/** How a WebHook-Request-Callback confirmation went: the status the sender's URL answered, or why it could not. */
export type Confirmation = { status: number } | { error: string };

/**
 * The CloudEvents abuse-protection handshake: an OPTIONS with WebHook-Request-Origin is granted at once (origin and
 * rate) and recorded as a probe; a WebHook-Request-Callback is also confirmed with a GET, and then the probe is
 * recorded with how that went (a sender may wait for either).
 */
export function answerCloudEventsHandshake(record: (draft: EventDraft) => unknown, confirm: (url: string) => Promise<Confirmation | null>): Answerer {
  return (exchange) => {
    const handshake = readHandshake(exchange.method, exchange.headers);
    if (!handshake) return null;
    const probe = { type: 'probe', method: exchange.method, path: exchange.path, headers: exchange.headers, remote: exchange.remote, handshake: 'cloudevents', origin: handshake.origin } as const;
    const callbackUrl = handshake.callbackUrl;
    if (callbackUrl === null) record(probe);
    // After the grant is on its way; null means the run ended first, and nothing more is recorded.
    else setImmediate(() => void confirm(callbackUrl).then((outcome) => outcome && record({ ...probe, confirmation: { url: callbackUrl, ...outcome } })));
    return { status: 200, headers: grantHeaders(handshake), body: '', recordAs: 'none' };
  };
}

/**
 * Reads the CloudEvent a callback carries into its record (`cloudevent` or `cloudeventError`); never answers.
 * The SDK is loaded the first time a request looks like a CloudEvent, so other runs never pay for it.
 */
export function annotateCloudEvents(): Answerer {
  let parser: ParseModule | null = null;
  const annotate = (module: ParseModule, exchange: Exchange): null => {
    const bytes = exchange.body.kind === 'complete' ? exchange.body.bytes : Buffer.alloc(0);
    const parsed = module.parseCloudEvent(exchange.headers, bytes, exchange.facts.bodyText);
    if (parsed && 'cloudevent' in parsed) exchange.marks.cloudevent = parsed.cloudevent;
    else if (parsed) exchange.marks.cloudeventError = parsed.cloudeventError;
    return null;
  };
  return (exchange) => {
    if (exchange.body.kind !== 'complete' || cloudEventModeOf(exchange.headers) === null) return null;
    if (parser) return annotate(parser, exchange);
    return import('../cloudevents/parse-cloudevent.js').then((module) => annotate((parser = module), exchange));
  };
}

/** --verify: a request whose signature does not hold is answered 401 with the reason; a valid one goes on. */
export function answerSignature(signature: PreparedSignature, now: () => number = Date.now): Answerer {
  return (exchange) => {
    const body = exchange.body.kind === 'complete' ? exchange.body.bytes : Buffer.alloc(0);
    const outcome = signature.verify({ headers: exchange.headers, body }, now());
    if (outcome.valid) {
      exchange.marks.signature = 'valid';
      return null;
    }
    exchange.marks.signature = 'invalid';
    exchange.marks.signatureError = outcome.reason;
    return {
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'invalid signature', reason: outcome.reason, scheme: signature.scheme }),
    };
  };
}

/**
 * listen --openapi: records which webhook the callback is and how it breaks the schema, and has the rules answer with
 * the declared 2xx (unless --status or a 2xx script said otherwise). Runs after the scripts, which answer first.
 */
export function answerByWebhookSchema(declarations: readonly WebhookDeclaration[], userStatus: number | null): Answerer {
  let match: typeof import('../flows/openapi-webhook-match.js').matchWebhook | null = null;
  const annotate = (exchange: Exchange): null => {
    const found = match!(declarations, exchange.facts);
    exchange.marks.schema = found.schema;
    const declared = found.response?.status;
    if (declared !== undefined && userStatus === null && exchange.scriptedStatus === undefined) exchange.scriptedStatus = declared;
    return null;
  };
  return (exchange) => {
    if (exchange.body.kind !== 'complete') return null;
    if (match) return annotate(exchange);
    return import('../flows/openapi-webhook-match.js').then((module) => {
      match = module.matchWebhook;
      return annotate(exchange);
    });
  };
}
