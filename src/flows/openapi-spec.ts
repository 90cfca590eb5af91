import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { dereference, validate, type ParserOptions } from '@readme/openapi-parser';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';
import {
  HTTP_METHODS,
  type HttpMethodName,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
} from './openapi-types.js';

export type { OpenApiDocument } from './openapi-types.js';
export { exampleRequestBody, listCallbacks, type CallbackDeclaration } from './openapi-callbacks.js';

/** A file path, or the document's text (`label` names it in errors, e.g. `stdin`). */
export type OpenApiSource = string | { path: string } | { text: string; label?: string };

type ParserInput = Parameters<typeof dereference>[0];

// circular 'ignore' leaves self-referencing schemas as `$ref`s instead of building cyclic objects.
const PARSER_OPTIONS: ParserOptions = { dereference: { circular: 'ignore' } };

/** Reads an OpenAPI 3.0.x/3.1.x document (YAML or JSON), validates it and resolves every `$ref`. */
export async function loadOpenApiSpec(source: OpenApiSource): Promise<OpenApiDocument> {
  const path = typeof source === 'string' ? source : 'path' in source ? source.path : undefined;
  const given = typeof source === 'object' && 'text' in source ? source : undefined;
  const label = path !== undefined ? `--openapi ${path}` : (given?.label ?? '--openapi');
  const fromUrl = path !== undefined && /^https?:\/\//i.test(path);
  const text = given?.text ?? (fromUrl ? await fetchSpec(path, label) : await readSpecFile(path ?? '', label));
  const raw = parseSpecText(text, label);
  const version = checkVersion(raw, label);
  // The parser rereads a file itself so relative external `$ref`s resolve next to it; text goes in as a copy.
  const input = (): ParserInput =>
    path !== undefined && !fromUrl ? resolvePath(path) : (structuredClone(raw) as unknown as ParserInput);
  try {
    const result = await validate(input(), PARSER_OPTIONS);
    if (!result.valid) {
      const first = describeValidationError(result.errors[0]?.message ?? 'unknown problem');
      const more = result.errors.length + result.additionalErrors - 1;
      const andMore = more > 0 ? ` (and ${more} more)` : '';
      throw new UsageError(`${label} is not a valid OpenAPI ${version} document: ${first}${andMore}`);
    }
    return (await dereference(input(), PARSER_OPTIONS)) as unknown as OpenApiDocument;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${label}: cannot resolve the document: ${firstLine(detail)}`);
  }
}

async function readSpecFile(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a directory' };
    const reason = reasons[code ?? ''] ?? code ?? 'unreadable';
    throw new UsageError(`cannot read ${label}: ${reason}`, 'give the path to an OpenAPI YAML or JSON file');
  }
}

/** A document an API publishes (`cbtest serve` does at /openapi.json); unreachable or non-2xx is the same as an unreadable file. */
async function fetchSpec(url: string, label: string): Promise<string> {
  let answer: Response;
  try {
    answer = await fetch(url, { headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`cannot fetch ${label}: ${cause}`, 'check the URL (is the API running?), or give the path to a saved copy');
  }
  if (!answer.ok) throw new UsageError(`cannot fetch ${label}: it answered ${answer.status}`, 'check the URL, or give the path to a saved copy');
  return answer.text();
}

function parseSpecText(text: string, label: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${label} is not valid YAML or JSON: ${firstLine(detail)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${label} is not an OpenAPI document: expected an object with an 'openapi' member`);
  }
  return parsed as Record<string, unknown>;
}

function checkVersion(raw: Record<string, unknown>, label: string): string {
  const version = raw.openapi;
  if (typeof version === 'string' && /^3\.[01]\.\d+/.test(version)) return version;
  if (raw.swagger !== undefined) {
    throw new UsageError(
      `${label} is Swagger ${String(raw.swagger)}; cbtest reads OpenAPI 3.0.x and 3.1.x`,
      'convert it first, e.g. with swagger2openapi',
    );
  }
  if (typeof version === 'number') {
    throw new UsageError(`${label} has openapi: ${version} as a number; quote it, e.g. openapi: "3.0.3"`);
  }
  const found = version === undefined ? "no 'openapi' member" : `openapi ${JSON.stringify(version)}`;
  throw new UsageError(`${label} has ${found}; cbtest reads OpenAPI 3.0.x and 3.1.x`);
}

/** The validator's message comes with a code frame of re-serialised JSON: keep the rule and the key it points at. */
function describeValidationError(message: string): string {
  const rule = firstLine(message).replace(/^[A-Z][A-Z ]*[A-Z] (?=[a-z])/, '');
  const key = /^>\s*\d+\s*\|\s*"((?:[^"\\]|\\.)*)"/m.exec(message)?.[1];
  return key === undefined ? rule : `${rule} (near "${key}")`;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}

export interface FoundOperation {
  /** Upper case, e.g. `POST`. */
  method: string;
  /** The path key, e.g. `/subscriptions/{id}`. */
  pathTemplate: string;
  operation: OpenApiOperation;
  /** Parameters declared on the path item, shared by its operations. */
  pathItemParameters: OpenApiParameter[];
}

/** How a user names an operation: its operationId, or `METHOD /path` for the many specs that declare none. */
export function operationLabel(method: string, pathTemplate: string, operation: OpenApiOperation): string {
  return operation.operationId ?? `${method.toUpperCase()} ${pathTemplate}`;
}

const METHOD_AND_PATH = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/;

/** Finds an operation by its operationId or by `METHOD /path` (as written in `paths`); the error lists the ones the document has. */
export function findOperation(doc: OpenApiDocument, wanted: string): FoundOperation {
  const byPath = METHOD_AND_PATH.exec(wanted);
  const available: string[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method as HttpMethodName];
      if (!operation) continue;
      const matches = byPath ? byPath[1]!.toLowerCase() === method && byPath[2] === pathTemplate : operation.operationId === wanted;
      if (matches) {
        const pathItemParameters = pathItem.parameters ?? [];
        return { method: method.toUpperCase(), pathTemplate, operation, pathItemParameters };
      }
      available.push(operationLabel(method, pathTemplate, operation));
    }
  }
  const choices = available.length > 0 ? `available: ${available.map((label) => (label.includes(' ') ? `'${label}'` : label)).join(', ')}` : 'the document declares no operations';
  throw new UsageError(`--operation '${wanted}' is not in the OpenAPI document; ${choices}`, "name it by operationId or as 'METHOD /path', e.g. --operation 'POST /streams'");
}

/** The first server's URL with each `{variable}` replaced by its default, or undefined without servers. */
export function firstServerUrl(doc: OpenApiDocument): string | undefined {
  const server = doc.servers?.[0];
  if (!server) return undefined;
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => server.variables?.[name]?.default ?? whole);
}
