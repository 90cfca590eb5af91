/**
 * The parts of an OpenAPI 3.0/3.1 document cbtest reads, after every `$ref` is resolved.
 * Loose on purpose: anything else in the document is kept and ignored.
 */

export interface OpenApiServerVariable {
  default: string;
  enum?: string[];
}

export interface OpenApiServer {
  url: string;
  variables?: Record<string, OpenApiServerVariable>;
}

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  example?: unknown;
}

export interface OpenApiExample {
  value?: unknown;
  externalValue?: string;
}

export interface OpenApiMediaType {
  schema?: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, OpenApiExample>;
}

export interface OpenApiRequestBody {
  required?: boolean;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMediaType>;
  headers?: Record<string, unknown>;
}

/** Keys are runtime-expression URL templates, e.g. `{$request.body#/callbackUrl}`. */
export type OpenApiCallback = Record<string, OpenApiPathItem>;

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  parameters?: OpenApiParameter[];
  requestBody?: OpenApiRequestBody;
  responses?: Record<string, OpenApiResponse>;
  callbacks?: Record<string, OpenApiCallback>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethodName = (typeof HTTP_METHODS)[number];

export type OpenApiPathItem = Partial<Record<HttpMethodName, OpenApiOperation>> & {
  parameters?: OpenApiParameter[];
  summary?: string;
};

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: OpenApiServer[];
  paths?: Record<string, OpenApiPathItem>;
  jsonSchemaDialect?: string;
  [member: string]: unknown;
}
