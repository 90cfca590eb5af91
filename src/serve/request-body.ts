import type { FastifyInstance } from 'fastify';
import { describeValue } from './callback-url.js';

/** Bodies arrive as text in this scope, so each route can say in its own format what is wrong with one. */
export function receiveBodiesAsText(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
}

export type ObjectBody = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/** Parses a body that must be a JSON object; an empty body counts as `{}` when `emptyIsObject`. */
export function parseObjectBody(body: unknown, what: string, emptyIsObject: boolean): ObjectBody {
  const text = typeof body === 'string' ? body : '';
  if (text.trim() === '') {
    return emptyIsObject ? { ok: true, value: {} } : { ok: false, reason: `${what} is empty; send a JSON object` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `${what} is not valid JSON: ${detail}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `${what} must be a JSON object, got ${describeValue(value)}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Form fields of an `application/x-www-form-urlencoded` body, or of a JSON object body. */
export function parseFormBody(body: unknown, contentType: string | undefined): Record<string, string> {
  const text = typeof body === 'string' ? body : '';
  const fields: Record<string, string> = {};
  if ((contentType ?? '').toLowerCase().includes('json')) {
    const parsed = parseObjectBody(text, 'body', true);
    if (parsed.ok) {
      for (const [key, value] of Object.entries(parsed.value)) if (typeof value === 'string') fields[key] = value;
    }
    return fields;
  }
  for (const [key, value] of new URLSearchParams(text)) fields[key] = value;
  return fields;
}
