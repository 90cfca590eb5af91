import { findOperation, listCallbacks, loadOpenApiSpec, type CallbackDeclaration } from '../../../src/flows/openapi-spec.js';
import type { FoundOperation } from '../../../src/flows/openapi-spec.js';

/** Loads an inline OpenAPI document and returns one operation with its callback declarations. */
export async function operationOf(yaml: string, operationId: string): Promise<{ found: FoundOperation; declarations: CallbackDeclaration[] }> {
  const doc = await loadOpenApiSpec({ text: yaml, label: 'test spec' });
  const found = findOperation(doc, operationId);
  return { found, declarations: listCallbacks(doc, found) };
}

/** A minimal 3.0 document around one operation: `operation` is YAML indented for `paths./things.post`. */
export function specWith(operation: string, extra = ''): string {
  const indented = operation
    .trim()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  return `openapi: 3.0.3\ninfo: { title: t, version: '1' }\n${extra}paths:\n  /things:\n    post:\n${indented}\n`;
}
