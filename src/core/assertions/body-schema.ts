import { Ajv, type ErrorObject, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { UsageError } from '../errors.js';
import { formatJsonPointer, getAtPointer } from '../json-pointer.js';
import { describeValue } from './json-values.js';
import { fromOpenApi30Schema } from './openapi-schema.js';

/** `draft-07` also covers draft-04/06 schemas; `2020-12` is what OpenAPI 3.1 uses. */
export type SchemaDialect = 'draft-07' | '2020-12' | 'openapi-3.0';

export interface SchemaFailure {
  /** JSON pointer into the body, '' for the body itself. */
  path: string;
  message: string;
  /** The value found there (undefined when it is missing). */
  actual: unknown;
}

export interface CompileSchemaOptions {
  /** Defaults to what `$schema` says, else draft-07. */
  dialect?: SchemaDialect;
  /** Names the schema in errors, e.g. `--expect-schema order.json`. */
  label?: string;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object, callable at run time.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const AJV_OPTIONS: Options = { allErrors: true, strict: false, logger: false };

function detectDialect(schema: object): SchemaDialect {
  const declared = (schema as { $schema?: unknown }).$schema;
  return typeof declared === 'string' && /2019-09|2020-12/.test(declared) ? '2020-12' : 'draft-07';
}

/** Compiles a JSON Schema once; the returned check lists every way a body breaks it (empty when it fits). */
export function compileBodySchema(
  schema: object,
  options: CompileSchemaOptions = {},
): (value: unknown) => SchemaFailure[] {
  const dialect = options.dialect ?? detectDialect(schema);
  const label = options.label ?? 'the body schema';
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

/** One line, e.g. `body/amount must be number (got "12")` or `body/id is required`. */
export function describeSchemaFailure(failure: SchemaFailure): string {
  const got = failure.actual === undefined ? '' : ` (got ${describeValue(failure.actual, 80)})`;
  return `body${failure.path} ${failure.message}${got}`;
}
