import type { CbEventOf, DeliveryTimeline } from './events.js';
import { previewText } from './terminal-text.js';

/** What --verify, delivery tracking, CloudEvents and --openapi found, as short parts of a callback's line. */
export function describeSenderChecks(event: CbEventOf<'callback'>): string[] {
  const parts: string[] = [];
  if (event.signature === 'valid') parts.push('signature ok');
  if (event.signature === 'invalid') parts.push(`signature invalid: ${previewText(event.signatureError ?? '', 120)}`);
  if (event.delivery) {
    const { key, attempt, duplicate } = event.delivery;
    parts.push(`${previewText(key, 60)} attempt ${attempt}${duplicate ? ' DUPLICATE' : ''}`);
  }
  if (event.cloudevent && !Array.isArray(event.cloudevent)) parts.push(`cloudevent ${previewText(event.cloudevent.type, 80)}`);
  if (Array.isArray(event.cloudevent)) parts.push(`cloudevent batch of ${event.cloudevent.length}`);
  if (event.cloudeventError) parts.push(previewText(event.cloudeventError, 120));
  if (event.schema) parts.push(event.schema.valid ? `schema ok (${previewText(event.schema.source, 60)})` : `schema invalid: ${event.schema.errors.length} error${event.schema.errors.length === 1 ? '' : 's'}`);
  return parts;
}

/** `msg_1: 3 attempts: +0s 503, +2.0s 503, +6.1s 200`; a repeat after a 2xx is marked `(duplicate)`. */
export function formatTimeline(timeline: DeliveryTimeline): string {
  const count = timeline.attempts.length;
  const steps = timeline.attempts.map((attempt) => `${formatOffset(attempt.sinceFirstMs)} ${attempt.status ?? 'no answer'}${attempt.duplicate ? ' (duplicate)' : ''}`);
  return `${timeline.key}: ${count} attempt${count === 1 ? '' : 's'}: ${steps.join(', ')}`;
}

export function formatOffset(ms: number): string {
  if (ms === 0) return '+0s';
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `+${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}
