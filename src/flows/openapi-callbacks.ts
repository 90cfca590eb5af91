import type { SchemaDialect } from '../core/assertions/body-schema.js';
import { UsageError } from '../core/errors.js';
import { parseExpressionTemplate, type TemplatePart } from '../core/runtime-expression.js';
import {
  HTTP_METHODS,
  type OpenApiDocument,
  type OpenApiMediaType,
  type OpenApiOperation,
} from './openapi-types.js';

/** One request the producer will send back: one method under one URL key of one callback event. */
export interface CallbackDeclaration {
  /** The callback's name in the document, e.g. `orderPaid`. */
  event: string;
  /** The URL key as written, e.g. `{$request.body#/callbackUrl}`. */
  keyExpression: string;
  template: TemplatePart[];
  /** Upper case, e.g. `POST`. */
  method: string;
  /** The JSON request body schema of the callback (application/json, else the first media type). */
  requestBodySchema: Record<string, unknown> | undefined;
  /** What cbtest answers: the lowest declared 2xx, else 200. */
  successStatus: number;
  schemaDialect: SchemaDialect;
  operation: OpenApiOperation;
}

type HasOperation = OpenApiOperation | { operation: OpenApiOperation };

function operationOf(op: HasOperation): OpenApiOperation {
  return 'operation' in op && typeof op.operation === 'object' ? op.operation : (op as OpenApiOperation);
}

/** Every callback request the operation declares, in document order. */
export function listCallbacks(doc: OpenApiDocument, op: HasOperation): CallbackDeclaration[] {
  const operation = operationOf(op);
  const schemaDialect = dialectOf(doc);
  const declarations: CallbackDeclaration[] = [];
  for (const [event, callback] of Object.entries(operation.callbacks ?? {})) {
    for (const [keyExpression, pathItem] of Object.entries(callback)) {
      const template = parseKey(event, keyExpression);
      for (const method of HTTP_METHODS) {
        const callbackOperation = pathItem[method];
        if (!callbackOperation) continue;
        declarations.push({
          event,
          keyExpression,
          template,
          method: method.toUpperCase(),
          requestBodySchema: jsonMediaType(callbackOperation.requestBody?.content)?.schema,
          successStatus: successStatusOf(callbackOperation),
          schemaDialect,
          operation: callbackOperation,
        });
      }
    }
  }
  return declarations;
}

function parseKey(event: string, key: string): TemplatePart[] {
  try {
    return parseExpressionTemplate(key);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`callback '${event}' in the OpenAPI document: ${error.message}`, error.hint);
  }
}

export function dialectOf(doc: OpenApiDocument): SchemaDialect {
  if (doc.openapi.startsWith('3.0')) return 'openapi-3.0';
  // OpenAPI 3.1 schemas are JSON Schema 2020-12 unless the document names an older dialect.
  const declared = typeof doc.jsonSchemaDialect === 'string' ? doc.jsonSchemaDialect : '';
  return /draft-0[4-7]/.test(declared) ? 'draft-07' : '2020-12';
}

export function successStatusOf(operation: OpenApiOperation): number {
  const codes = Object.keys(operation.responses ?? {})
    .filter((code) => /^2\d\d$/.test(code))
    .map(Number);
  return codes.length > 0 ? Math.min(...codes) : 200;
}

/** application/json first, then any other JSON type (`+json`), then whatever comes first. */
export function jsonMediaType(content: Record<string, OpenApiMediaType> | undefined): OpenApiMediaType | undefined {
  if (!content) return undefined;
  const types = Object.keys(content);
  const chosen =
    types.find((type) => type.split(';')[0]?.trim().toLowerCase() === 'application/json') ??
    types.find((type) => /[/+]json\b/i.test(type)) ??
    types[0];
  return chosen === undefined ? undefined : content[chosen];
}

/** The operation's request body example: `example`, the first of `examples`, or the schema's own example. */
export function exampleRequestBody(op: HasOperation): unknown {
  const media = jsonMediaType(operationOf(op).requestBody?.content);
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const firstExample = Object.values(media.examples ?? {}).find((example) => example.value !== undefined);
  if (firstExample) return firstExample.value;
  const schema = media.schema;
  if (schema?.example !== undefined) return schema.example;
  return Array.isArray(schema?.examples) ? schema.examples[0] : undefined;
}
