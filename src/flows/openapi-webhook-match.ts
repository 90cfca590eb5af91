import { describeSchemaFailure } from '../core/assertions/schema-failures.js';
import type { SchemaOutcome } from '../core/events.js';
import { tryParseJson } from '../core/json-text.js';
import { previewText } from '../core/terminal-text.js';
import type { FlowResponseHint } from '../receiver/response-rules.js';
import type { WebhookDeclaration } from './openapi-webhooks.js';

export interface WebhookMatch {
  schema: SchemaOutcome;
  /** The declared 2xx of the webhook it matched (or of the first one for its method). */
  response: FlowResponseHint | null;
}

interface ArrivedBody {
  method: string;
  body: unknown;
  bodyText: string | null;
  size: number;
}

/**
 * Finds the webhook a callback is: by method, then by the first schema its body fits. A webhook has no path, so when
 * several take the method and none fits, every candidate's errors are listed (`--webhook NAME` narrows it to one).
 */
export function matchWebhook(declarations: readonly WebhookDeclaration[], callback: ArrivedBody): WebhookMatch {
  const candidates = declarations.filter((declaration) => declaration.method === callback.method);
  if (candidates.length === 0) {
    const methods = [...new Set(declarations.map((declaration) => declaration.method))].join(', ');
    return { schema: { source: 'none', valid: false, errors: [`no webhook in the document is sent with ${callback.method} (declared: ${methods})`] }, response: null };
  }
  const body = jsonBodyOf(callback);
  const judged = candidates.map((declaration) => ({ declaration, errors: errorsFor(declaration, body, callback) }));
  const fitting = judged.find((item) => item.errors.length === 0);
  if (fitting) return { schema: { source: fitting.declaration.source, valid: true, errors: [] }, response: fitting.declaration.response };
  const [only] = judged;
  if (judged.length === 1 && only) return { schema: { source: only.declaration.source, valid: false, errors: only.errors }, response: only.declaration.response };
  return {
    schema: {
      source: `one of ${judged.map((item) => item.declaration.source).join(', ')}`,
      valid: false,
      errors: judged.flatMap((item) => item.errors.map((error) => `${item.declaration.name}: ${error}`)),
    },
    response: judged[0]!.declaration.response,
  };
}

function errorsFor(declaration: WebhookDeclaration, body: { ok: true; value: unknown } | { ok: false }, callback: ArrivedBody): string[] {
  if (!declaration.validate) return [];
  if (!body.ok) {
    const what = callback.bodyText === null ? `${callback.size} bytes of binary` : callback.bodyText === '' ? 'an empty body' : previewText(callback.bodyText, 80);
    return [`the body is not JSON (got ${what})`];
  }
  return declaration.validate(body.value).map(describeSchemaFailure);
}

function jsonBodyOf(callback: ArrivedBody): { ok: true; value: unknown } | { ok: false } {
  if (callback.body !== null) return { ok: true, value: callback.body };
  if (callback.bodyText === null || callback.bodyText === '') return { ok: false };
  return tryParseJson(callback.bodyText);
}
