import type { Headers } from '../core/events.js';

/** What a delivery key is read from: a callback as recorded (headers lower-cased, body parsed, CloudEvent when there is one). */
export interface KeySubject {
  headers: Headers;
  body: unknown;
  cloudevent?: unknown;
}

/** A user's `--delivery-key QUERY`, evaluated against the callback; undefined when it finds nothing. */
export type CustomKey = (subject: KeySubject) => unknown;

// The idempotency headers senders document, in the order they are looked for.
const KEY_HEADERS = ['webhook-id', 'svix-id', 'x-github-delivery', 'x-shopify-event-id', 'ce-id'] as const;

/**
 * The delivery a callback belongs to: every retry of one delivery carries the same key.
 * `--delivery-key` wins; then the documented headers; then a structured CloudEvent's `id`; then a Stripe event's `id`.
 */
export function deliveryKeyOf(subject: KeySubject, custom: CustomKey | null = null): string | null {
  if (custom) return keyText(custom(subject));
  for (const name of KEY_HEADERS) {
    const value = subject.headers[name];
    const text = keyText(Array.isArray(value) ? value[0] : value);
    if (text !== null) return text;
  }
  const event = subject.cloudevent;
  if (isRecord(event)) {
    const id = keyText(event.id);
    if (id !== null) return id;
  }
  // Only a body that says it is a Stripe event: an `id` alone (a JSON-RPC callback's) names a request, not a delivery.
  const body = subject.body;
  if (isRecord(body) && body.object === 'event' && typeof body.id === 'string') return keyText(body.id);
  return null;
}

function keyText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
