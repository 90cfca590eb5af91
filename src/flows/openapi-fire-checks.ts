import { compileBodySchema, type SchemaFailure } from '../core/assertions/index.js';
import { describeSchemaFailures } from '../core/assertions/schema-failures.js';
import type { CbEventOf } from '../core/events.js';
import { tryParseJson } from '../core/json-text.js';
import { previewText } from '../core/terminal-text.js';
import type { FlowResponseHint } from '../receiver/response-rules.js';
import type { FlowCheck } from './flow.js';
import type { CallbackDeclaration } from './openapi-callbacks.js';

export type BodyValidator = (value: unknown) => SchemaFailure[];

const JSON_MEDIA_TYPE = /^application\/json\b|[/+]json\b/i;

/**
 * Compiles the callback's request body schema when it describes JSON; other media types (text, forms) go unchecked.
 * An invalid schema is a usage error naming the callback.
 */
export function compileCallbackSchema(declaration: CallbackDeclaration): BodyValidator | null {
  const types = Object.keys(declaration.operation.requestBody?.content ?? {});
  if (!declaration.requestBodySchema || !types.some((type) => JSON_MEDIA_TYPE.test(type))) return null;
  return compileBodySchema(declaration.requestBodySchema, {
    dialect: declaration.schemaDialect,
    label: `the request body schema of callback '${declaration.event}'`,
  });
}

/** The callback body as JSON: `ok` false when what arrived is not JSON at all. */
function jsonBodyOf(callback: Pick<CbEventOf<'callback'>, 'body' | 'bodyText'>): { ok: true; value: unknown } | { ok: false } {
  if (callback.body !== null) return { ok: true, value: callback.body };
  if (callback.bodyText === null || callback.bodyText === '') return { ok: false };
  return tryParseJson(callback.bodyText);
}

/** True when the body satisfies the schema (or there is none to satisfy). */
export function bodyFits(validate: BodyValidator | null, callback: Pick<CbEventOf<'callback'>, 'body' | 'bodyText'>): boolean {
  if (!validate) return true;
  const body = jsonBodyOf(callback);
  return body.ok && validate(body.value).length === 0;
}

/** Judges one callback body against its declaration's schema, worded like an --expect failure. */
export function checkCallbackBody(declaration: CallbackDeclaration, validate: BodyValidator, callback: CbEventOf<'callback'>): FlowCheck {
  const expr = `openapi callback '${declaration.event}' body schema`;
  const body = jsonBodyOf(callback);
  if (!body.ok) {
    const what = callback.bodyText === null ? `${callback.size} bytes of binary` : callback.bodyText === '' ? 'an empty body' : previewText(callback.bodyText, 80);
    return { expr, pass: false, actual: callback.bodyText, message: `${expr}: the body is not JSON (got ${what})` };
  }
  const failures = validate(body.value);
  const first = failures[0];
  if (!first) return { expr, pass: true, actual: null, message: `${expr}: body matches` };
  return { expr, pass: false, actual: first.actual ?? null, message: `${expr}: ${describeSchemaFailures(failures)}` };
}

/** The answer the document declares: its lowest 2xx, with that response's JSON example as body when it has one. */
export function responseHintFor(declaration: CallbackDeclaration): FlowResponseHint {
  const status = declaration.successStatus;
  if (status === 204 || status === 205) return { status, body: '' };
  const content = declaration.operation.responses?.[String(status)]?.content ?? {};
  const jsonType = Object.keys(content).find((type) => JSON_MEDIA_TYPE.test(type));
  const example = jsonType === undefined ? undefined : content[jsonType]?.example;
  return example === undefined ? { status } : { status, body: JSON.stringify(example) };
}
