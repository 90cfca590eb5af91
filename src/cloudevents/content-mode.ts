import type { Headers } from '../core/events.js';

export type CloudEventMode = 'binary' | 'structured' | 'batch';

/**
 * Which CloudEvents content mode a request uses, or null when it is none (no `ce-specversion`, no cloudevents
 * media type). Cheap on purpose: the SDK is loaded only for requests that pass this test.
 */
export function cloudEventModeOf(headers: Headers): CloudEventMode | null {
  const type = first(headers['content-type'])?.trim().toLowerCase() ?? '';
  if (type.startsWith('application/cloudevents-batch')) return 'batch';
  if (type.startsWith('application/cloudevents')) return 'structured';
  return first(headers['ce-specversion']) === undefined ? null : 'binary';
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
