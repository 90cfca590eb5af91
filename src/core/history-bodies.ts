import type { CallbackEvent, CbEvent, CbEventOf } from './events.js';

/** A body over this is held in the views' history as its first bytes only, once history holds too many whole. */
export const HISTORY_PREVIEW_BYTES = 4096;
/** Bytes of callback bodies the history keeps whole in all (the newest first); the record keeps every byte. */
export const HISTORY_WHOLE_BODY_BYTES = 16 * 1024 * 1024;

// Whole base64 groups only, so the preview decodes to exactly its first bytes (4098 of them).
const PREVIEW_BASE64_CHARS = Math.ceil(HISTORY_PREVIEW_BYTES / 3) * 4;

/** Whether a callback's body is worth cutting to a preview (small bodies are their own preview). */
export function holdsLargeBody(event: CbEvent): event is CbEventOf<'callback'> {
  return event.type === 'callback' && event.historyPreview === undefined && event.bodyBase64.length > PREVIEW_BASE64_CHARS;
}

/**
 * The callback as the history holds it once its body is cut: the first bytes, their text, no parsed value and no
 * CloudEvent data (both are copies of the body). Everything else (headers, answer, verdict) stays as it was.
 */
export function previewOfCallback(event: CbEventOf<'callback'>): CbEventOf<'callback'> {
  const preview: CbEventOf<'callback'> = {
    ...event,
    body: null,
    bodyText: event.bodyText === null ? null : detached(event.bodyText.slice(0, HISTORY_PREVIEW_BYTES)),
    bodyBase64: detached(event.bodyBase64.slice(0, PREVIEW_BASE64_CHARS)),
    historyPreview: { bytes: Math.min(event.size, (PREVIEW_BASE64_CHARS / 4) * 3) },
  };
  if (event.cloudevent !== undefined) preview.cloudevent = withoutData(event.cloudevent);
  return preview;
}

function withoutData(cloudevent: NonNullable<CallbackEvent['cloudevent']>): NonNullable<CallbackEvent['cloudevent']> {
  const strip = (fields: Exclude<typeof cloudevent, unknown[]>) => {
    const { data: _data, data_base64: _base64, ...rest } = fields;
    return rest;
  };
  return Array.isArray(cloudevent) ? cloudevent.map(strip) : strip(cloudevent);
}

// V8 keeps a slice pointing into the whole string, which would keep all 10 MiB alive: copy it out.
function detached(slice: string): string {
  return JSON.parse(JSON.stringify(slice)) as string;
}
