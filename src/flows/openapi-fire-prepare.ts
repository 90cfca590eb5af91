import { UsageError } from '../core/errors.js';
import type { CallbackDeclaration } from './openapi-callbacks.js';
import { compileCallbackSchema, type BodyValidator } from './openapi-fire-checks.js';
import { parseParamFlags, resolveParameters } from './openapi-parameters.js';
import { describeSlot, planCallbackPlanting, type PlantingPlan } from './openapi-plant.js';
import { assembleOperationRequest, type OperationRequestBase } from './openapi-request.js';
import {
  exampleRequestBody,
  findOperation,
  operationLabel,
  firstServerUrl,
  listCallbacks,
  loadOpenApiSpec,
  type OpenApiDocument,
  type OpenApiSource,
} from './openapi-spec.js';
import { HTTP_METHODS } from './openapi-types.js';

export interface OpenApiFireInput {
  spec: OpenApiSource;
  /** How the spec is named in the title, e.g. `api.yaml` or `-`. */
  specLabel: string;
  operationId: string;
  /** --server, already checked to be an absolute http(s) URL; else the document's first server. */
  server?: string;
  /** --body parsed; undefined means the operation's example. */
  body?: unknown;
  /** --param texts, `name=value`. */
  params: readonly string[];
  /** -H, lower-cased names. */
  headers: Record<string, string>;
}

export interface PreparedOpenApiFire {
  title: string;
  operationId: string;
  plan: PlantingPlan;
  request: OperationRequestBase;
  validators: Map<CallbackDeclaration, BodyValidator | null>;
}

/** Reads the document and checks everything that can be checked before the receiver starts: all usage errors (exit 2). */
export async function prepareOpenApiFire(input: OpenApiFireInput): Promise<PreparedOpenApiFire> {
  const doc = await loadOpenApiSpec(input.spec);
  const found = findOperation(doc, input.operationId);
  const declarations = listCallbacks(doc, found);
  if (declarations.length === 0) {
    const withCallbacks = operationsWithCallbacks(doc);
    const choices = withCallbacks.length > 0 ? `operations with callbacks: ${withCallbacks.join(', ')}` : 'the document declares none';
    throw new UsageError(`operation '${input.operationId}' declares no callbacks; ${choices}`, 'or run `cbtest listen` and call the API yourself');
  }
  const plan = planCallbackPlanting(declarations);
  if (plan.planted.length === 0) {
    throw new UsageError(plan.skipped[0]?.reason ?? `no callback of '${input.operationId}' can be pointed at cbtest`, 'run `cbtest listen` where the producer sends its callbacks instead');
  }
  const slots = plan.planted.map((plant) => plant.slot);
  const parameters = resolveParameters(found, input.operationId, parseParamFlags(input.params), {
    planted: slots,
    headerNames: Object.keys(input.headers),
  });
  const body = input.body !== undefined ? input.body : exampleRequestBody(found);
  const bodySlot = slots.find((slot) => slot.in === 'body' && slot.pointer !== '');
  if (bodySlot && body !== undefined && (body === null || typeof body !== 'object')) {
    throw new UsageError(
      `the request body is ${JSON.stringify(body)}, but the callback URL goes at ${describeSlot(bodySlot)}`,
      'pass a JSON object with --body',
    );
  }
  const request: OperationRequestBase = { found, serverUrl: serverUrlOf(doc, input.server), parameters, headers: input.headers, body };
  // A dry run with a stand-in URL surfaces body and path problems before the receiver starts.
  try {
    assembleOperationRequest(request, slots.map((slot) => ({ slot, value: 'http://127.0.0.1/cbtest' })));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`cannot plant the callback URL in the request: ${error.message}`, error.hint ?? 'check --body and --param');
  }
  const validators = new Map<CallbackDeclaration, BodyValidator | null>();
  for (const plant of plan.planted) validators.set(plant.declaration, compileCallbackSchema(plant.declaration));
  return {
    title: `cbtest fire --openapi ${input.specLabel} --operation ${input.operationId}`,
    operationId: input.operationId,
    plan,
    request,
    validators,
  };
}

function operationsWithCallbacks(doc: OpenApiDocument): string[] {
  const ids: string[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation && Object.keys(operation.callbacks ?? {}).length > 0) ids.push(operationLabel(method, pathTemplate, operation));
    }
  }
  return ids;
}

/** --server, else the document's first server, which must then be absolute: a relative one has nothing to resolve against. */
function serverUrlOf(doc: OpenApiDocument, given: string | undefined): string {
  if (given !== undefined) return given;
  const first = firstServerUrl(doc);
  if (first === undefined) throw new UsageError('the OpenAPI document declares no servers', 'pass --server, e.g. --server http://127.0.0.1:4010');
  const unresolved = /\{([^}]+)\}/.exec(first);
  if (unresolved) {
    throw new UsageError(`the document's first server '${first}' has variable '${unresolved[1]}' without a default`, 'pass --server with the full base URL');
  }
  let url: URL;
  try {
    url = new URL(first);
  } catch {
    const path = first.startsWith('/') ? first : `/${first}`;
    throw new UsageError(`the document's first server '${first}' is relative`, `pass --server with the full base URL, e.g. --server http://127.0.0.1:4010${path === '/' ? '' : path}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the document's first server '${first}' is not http or https`, 'pass --server with an http(s) base URL');
  }
  return first;
}
