import { UsageError } from '../core/errors.js';
import { setAtPointer } from '../core/json-pointer.js';
import type { CallbackSlot, RuntimeContext } from '../core/runtime-expression.js';
import type { ResolvedParameters } from './openapi-parameters.js';
import type { FoundOperation } from './openapi-spec.js';

export interface OperationRequestBase {
  found: FoundOperation;
  /** Absolute http(s) base, e.g. `http://127.0.0.1:4010/api`. */
  serverUrl: string;
  parameters: ResolvedParameters;
  /** `-H` headers, lower-cased names. */
  headers: Record<string, string>;
  /** The request body before planting; undefined sends none. */
  body: unknown;
}

export interface OperationRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** undefined: no body; a string is sent as is (text/plain), anything else as JSON. */
  body: unknown;
  /** The request as runtime expressions see it, to work out where each callback will go. */
  context: RuntimeContext;
}

/** What goes where: the value for one slot. */
export interface Planting {
  slot: CallbackSlot;
  value: string;
}

/**
 * Builds the operation request with every callback URL planted: in the body at its pointer, or as a query,
 * header or path parameter. Planted values win over `--param`, `-H` and `--body`.
 */
export function assembleOperationRequest(base: OperationRequestBase, plantings: readonly Planting[]): OperationRequest {
  const path = { ...base.parameters.path };
  const query = { ...base.parameters.query };
  const parameterHeaders = { ...base.parameters.header };
  const plantedHeaders: Record<string, string> = {};
  let body = base.body;
  let wholeBody = false;
  for (const { slot, value } of plantings) {
    if (slot.in === 'body') {
      wholeBody = slot.pointer === '';
      body = setAtPointer(body === undefined ? {} : body, slot.pointer, value);
    } else if (slot.in === 'query') {
      query[slot.name] = value;
    } else if (slot.in === 'path') {
      path[slot.name] = value;
    } else {
      plantedHeaders[slot.name.toLowerCase()] = value;
    }
  }
  const cookies = Object.entries(base.parameters.cookie).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  const headers: Record<string, string> = {
    ...(cookies.length > 0 ? { cookie: cookies.join('; ') } : {}),
    ...base.headers,
    ...parameterHeaders,
    ...plantedHeaders,
  };
  if (wholeBody && typeof body === 'string') headers['content-type'] ??= 'text/plain';
  else if (body !== undefined && typeof body === 'string') {
    // A JSON string from --body or an example: exchange() sends strings raw, so encode it here.
    body = JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  const url = buildUrl(base.serverUrl, base.found.pathTemplate, path, query);
  const context: RuntimeContext = {
    url,
    method: base.found.method,
    request: { headers, query, path, body: parseIfJsonText(body, headers) },
  };
  return { method: base.found.method, url, headers, body, context };
}

function buildUrl(serverUrl: string, pathTemplate: string, path: Record<string, string>, query: Record<string, string>): string {
  const filled = pathTemplate.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = path[name];
    if (value === undefined) throw new UsageError(`no value for path parameter '${name}' of ${pathTemplate}`, `pass --param ${name}=VALUE`);
    return encodeURIComponent(value);
  });
  const url = new URL(`${serverUrl.replace(/\/+$/, '')}${filled}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}

function parseIfJsonText(body: unknown, headers: Record<string, string>): unknown {
  if (typeof body !== 'string' || headers['content-type'] !== 'application/json') return body;
  return JSON.parse(body) as unknown;
}
