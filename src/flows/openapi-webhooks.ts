import { UsageError } from '../core/errors.js';
import { dialectOf, jsonMediaType, listCallbacks, successStatusOf, type CallbackDeclaration } from './openapi-callbacks.js';
import { compileCallbackSchema, responseHintFor, type BodyValidator } from './openapi-fire-checks.js';
import { HTTP_METHODS, type OpenApiDocument, type OpenApiPathItem } from './openapi-types.js';
import type { FlowResponseHint } from '../receiver/response-rules.js';

/** One request a sender may make, as the document declares it: a 3.1 webhook or a 3.0 operation's callback. */
export interface WebhookDeclaration {
  /** The webhook's (or callback's) name, what `--webhook` selects. */
  name: string;
  /** Where it is in the document, e.g. `webhooks.newPet.post`. */
  source: string;
  /** Upper case. */
  method: string;
  validate: BodyValidator | null;
  response: FlowResponseHint;
}

/** Every webhook (3.1 `webhooks`) and every operation callback (3.0 and 3.1 `callbacks`) in document order. */
export function listWebhooks(doc: OpenApiDocument): WebhookDeclaration[] {
  const found: WebhookDeclaration[] = [];
  const webhooks = (doc.webhooks ?? {}) as Record<string, OpenApiPathItem>;
  for (const [name, pathItem] of Object.entries(webhooks)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const declaration: CallbackDeclaration = {
        event: name,
        keyExpression: '',
        template: [],
        method: method.toUpperCase(),
        requestBodySchema: jsonMediaType(operation.requestBody?.content)?.schema,
        successStatus: successStatusOf(operation),
        schemaDialect: dialectOf(doc),
        operation,
      };
      found.push(toWebhook(declaration, `webhooks.${name}.${method}`));
    }
  }
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation?.callbacks) continue;
      for (const declaration of listCallbacks(doc, operation)) {
        found.push(toWebhook(declaration, `callbacks.${declaration.event}.${declaration.method.toLowerCase()} of ${method.toUpperCase()} ${path}`));
      }
    }
  }
  return found;
}

function toWebhook(declaration: CallbackDeclaration, source: string): WebhookDeclaration {
  return { name: declaration.event, source, method: declaration.method, validate: compileCallbackSchema(declaration), response: responseHintFor(declaration) };
}

/** The declarations `listen --openapi` checks against; `--webhook` must name one of them (exit 2 listing them otherwise). */
export function selectWebhooks(doc: OpenApiDocument, specLabel: string, webhook: string | null): WebhookDeclaration[] {
  const all = listWebhooks(doc);
  if (all.length === 0) {
    throw new UsageError(`${specLabel} declares no webhooks (3.1 'webhooks') and no operation callbacks`, 'point --openapi at the document that describes what the sender sends');
  }
  if (webhook === null) return all;
  const chosen = all.filter((declaration) => declaration.name === webhook);
  if (chosen.length === 0) {
    const names = [...new Set(all.map((declaration) => declaration.name))].join(', ');
    throw new UsageError(`--webhook ${webhook} is not in ${specLabel}; it declares ${names}`);
  }
  return chosen;
}
