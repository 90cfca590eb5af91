import { HTTP, ValidationError, type CloudEvent } from 'cloudevents';
import type { CloudEventFields, Headers } from '../core/events.js';
import { cloudEventModeOf, type CloudEventMode } from './content-mode.js';

export type { CloudEventFields } from '../core/events.js';

export type ParsedCloudEvent =
  | { mode: CloudEventMode; cloudevent: CloudEventFields | CloudEventFields[] }
  | { mode: CloudEventMode; cloudeventError: string };

/**
 * Reads a CloudEvent with the `cloudevents` SDK's HTTP binding and checks it (required attributes, spec version);
 * a batch gives an array. Null when the request is not a CloudEvent.
 */
export function parseCloudEvent(headers: Headers, body: Buffer, bodyText: string | null): ParsedCloudEvent | null {
  const mode = cloudEventModeOf(headers);
  if (mode === null) return null;
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = first(value);
    if (text !== undefined) flat[name] = text;
  }
  try {
    const parsed = HTTP.toEvent({ headers: flat, body: bodyText ?? body });
    // The binding returns CloudEvent instances, typed as their plain interface.
    const events = (Array.isArray(parsed) ? parsed : [parsed]) as CloudEvent<unknown>[];
    const rawTimes = mode === 'binary' ? [flat['ce-time']] : rawMembers(bodyText, 'time');
    const fields = events.map((event, index) => fieldsOf(event, rawTimes[index]));
    return { mode, cloudevent: mode === 'batch' ? fields : fields[0]! };
  } catch (error) {
    return { mode, cloudeventError: describeCloudEventError(error, mode) };
  }
}

const SPEC_VERSIONS = new Set(['1.0', '0.3']);

function fieldsOf(event: CloudEvent<unknown>, rawTime: string | undefined): CloudEventFields {
  // The SDK checks only when asked; it also invents a `time` when the sender gave none, which the record must not show.
  event.validate();
  if (!SPEC_VERSIONS.has(event.specversion)) throw new CloudEventProblem(`specversion ${JSON.stringify(event.specversion)} is not 1.0 (or 0.3)`);
  const fields: CloudEventFields = { specversion: event.specversion, id: event.id, source: event.source, type: event.type };
  if (event.subject !== undefined) fields.subject = event.subject;
  if (rawTime !== undefined) fields.time = rawTime;
  if (event.datacontenttype !== undefined) fields.datacontenttype = event.datacontenttype;
  if (event.data_base64 !== undefined) fields.data_base64 = event.data_base64;
  else if (event.data !== undefined) fields.data = event.data;
  return fields;
}

class CloudEventProblem extends Error {}

function describeCloudEventError(error: unknown, mode: CloudEventMode): string {
  const prefix = `not a valid ${mode} CloudEvent`;
  if (error instanceof ValidationError) {
    const details = (error.errors ?? []).map((item) => (typeof item === 'string' ? item : describeAjvError(item as AjvLikeError)));
    return `${prefix}: ${details.length > 0 ? details.join('; ') : error.message}`;
  }
  if (error instanceof SyntaxError) return `${prefix}: the body is not JSON (${error.message})`;
  return `${prefix}: ${error instanceof Error ? error.message : String(error)}`;
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string };
}

function describeAjvError(error: AjvLikeError): string {
  if (error.params?.missingProperty) return `no ${error.params.missingProperty} attribute`;
  const where = error.instancePath ? `${error.instancePath.replace(/^\//, '')} ` : '';
  return `${where}${error.message ?? 'is invalid'}`;
}

// Structured and batched bodies: the members as the sender wrote them (one per event).
function rawMembers(bodyText: string | null, member: string): Array<string | undefined> {
  try {
    const parsed: unknown = JSON.parse(bodyText ?? '');
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.map((item) => {
      const value = (item as Record<string, unknown> | null)?.[member];
      return typeof value === 'string' ? value : undefined;
    });
  } catch {
    return [];
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
