import { Ajv, type ErrorObject, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { UsageError } from '../errors.js';
import { formatJsonPointer, getAtPointer } from '../json-pointer.js';
import { describeValue } from './json-values.js';
import { fromOpenApi30Schema } from './openapi-schema.js';
import type { SchemaFailure } from './schema-failures.js';

/** `draft-07` also covers draft-04/06 schemas; `2020-12` is what OpenAPI 3.1 uses. */
export type SchemaDialect = 'draft-07' | '2020-12' | 'openapi-3.0';

export interface CompileSchemaOptions {
  /** Defaults to what `$schema` says, else draft-07. */
  dialect?: SchemaDialect;
  /** Names the schema in errors, e.g. `--expect-schema order.json`. */
  label?: string;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object, callable at run time.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const AJV_OPTIONS: Options = { allErrors: true, strict: false, logger: false };

/** The `$schema` URIs cbtest validates with, by the dialect ajv applies (draft-04/06 are close enough to draft-07). */
const KNOWN_DIALECTS: Record<string, SchemaDialect> = {
  'json-schema.org/draft-04/schema': 'draft-07',
  'json-schema.org/draft-06/schema': 'draft-07',
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2020-12',
  'json-schema.org/draft/2020-12/schema': '2020-12',
  'spec.openapis.org/oas/3.1/dialect/base': '2020-12',
};

/** Words only a schema uses: an object with none of them is a sample body, which would pass every callback. */
const SCHEMA_KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$defs', '$anchor', '$dynamicRef', '$comment', 'definitions', 'type', 'enum', 'const',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'required', 'dependentRequired',
  'dependentSchemas', 'dependencies', 'items', 'prefixItems', 'additionalItems', 'contains', 'unevaluatedItems',
  'unevaluatedProperties', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'minLength',
  'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'title', 'description', 'default', 'examples', 'example',
  'nullable', 'discriminator', 'readOnly', 'writeOnly', 'deprecated', 'contentMediaType', 'contentEncoding',
]);

const SCHEMA_FIX = 'a JSON Schema is an object like {"type":"object","required":["id"]}';

/** Refuses what is not a schema at all: an array, a number, a sample body; an unknown `$schema` draft. */
function checkIsSchema(schema: unknown, label: string): asserts schema is Record<string, unknown> {
  if (typeof schema === 'boolean') throw new UsageError(`${label} is the schema ${schema}, which ${schema ? 'every' : 'no'} body passes`, SCHEMA_FIX);
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    const what = Array.isArray(schema) ? 'an array' : schema === null ? 'null' : `a ${typeof schema}`;
    throw new UsageError(`${label} holds ${what}, not a JSON Schema`, SCHEMA_FIX);
  }
  const names = Object.keys(schema);
  if (names.length > 0 && !names.some((name) => SCHEMA_KEYWORDS.has(name) || name.startsWith('x-'))) {
    throw new UsageError(`${label} uses no JSON Schema keyword (it has ${names.slice(0, 3).map((name) => JSON.stringify(name)).join(', ')}): it looks like a sample body, which every body would pass`, SCHEMA_FIX);
  }
}

function detectDialect(schema: Record<string, unknown>, label: string): SchemaDialect {
  const declared = schema.$schema;
  if (declared === undefined) return 'draft-07';
  const key = typeof declared === 'string' ? declared.trim().replace(/^https?:\/\//, '').replace(/#$/, '').replace(/\/dialect\/\d{4}-\d{2}-\d{2}$/, '/dialect/base') : null;
  const dialect = key === null ? undefined : KNOWN_DIALECTS[key];
  if (dialect === undefined) {
    throw new UsageError(
      `${label} declares $schema ${JSON.stringify(declared)}, a draft cbtest does not know`,
      'use http://json-schema.org/draft-07/schema# or https://json-schema.org/draft/2020-12/schema, or leave $schema out (draft-07)',
    );
  }
  return dialect;
}

/** Compiles a JSON Schema once; the returned check lists every way a body breaks it (empty when it fits). */
export function compileBodySchema(
  schema: unknown,
  options: CompileSchemaOptions = {},
): (value: unknown) => SchemaFailure[] {
  const label = options.label ?? 'the body schema';
  checkIsSchema(schema, label);
  const dialect = options.dialect ?? detectDialect(schema, label);
  const prepared = (dialect === 'openapi-3.0' ? fromOpenApi30Schema(schema) : { ...schema }) as Record<string, unknown>;
  // The dialect is chosen above; a `$schema` ajv does not bundle (draft-04, 2019-09) would only stop compilation.
  delete prepared.$schema;
  const ajv = dialect === '2020-12' ? new Ajv2020(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = ajv.compile(prepared);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${label} is not a valid JSON Schema: ${detail.split('\n')[0] ?? detail}`);
  }
  return (value) => {
    if (validate(value)) return [];
    return uniqueFailures((validate.errors ?? []).map((error) => toFailure(error, value)));
  };
}

function toFailure(error: ErrorObject, body: unknown): SchemaFailure {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path: child(error.instancePath, params.missingProperty), message: 'is required', actual: undefined };
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    const path = child(error.instancePath, params.additionalProperty);
    return { path, message: 'is not allowed here', actual: getAtPointer(body, path) };
  }
  const actual = getAtPointer(body, error.instancePath);
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map((item) => describeValue(item, 60)).join(', ');
    return { path: error.instancePath, message: `must be one of ${allowed}`, actual };
  }
  if (error.keyword === 'const') {
    return { path: error.instancePath, message: `must be ${describeValue(params.allowedValue, 60)}`, actual };
  }
  return { path: error.instancePath, message: error.message ?? `fails '${error.keyword}'`, actual };
}

function child(instancePath: string, member: string): string {
  return `${instancePath}${formatJsonPointer([member])}`;
}

function uniqueFailures(failures: SchemaFailure[]): SchemaFailure[] {
  const seen = new Set<string>();
  return failures.filter((failure) => {
    const key = `${failure.path}\u0000${failure.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

