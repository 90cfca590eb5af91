import { UsageError } from './errors.js';
import { getAtPointer, parseJsonPointer } from './json-pointer.js';

/**
 * OpenAPI 3 runtime expressions (`$url`, `$method`, `$statusCode`, `$request.header.X`, `$request.query.x`,
 * `$request.path.x`, `$request.body#/ptr`, and the same under `$response.`), alone or embedded in static text
 * as `{...}`, the way callback URL keys are written.
 */

export type ExpressionSource =
  | { in: 'header'; name: string }
  | { in: 'query'; name: string }
  | { in: 'path'; name: string }
  /** `pointer` is '' for the whole body. */
  | { in: 'body'; pointer: string };

export type RuntimeExpression =
  | { kind: 'url' | 'method' | 'statusCode'; text: string }
  | { kind: 'request' | 'response'; text: string; source: ExpressionSource };

export type TemplatePart =
  | { type: 'static'; text: string }
  /** `position` is where the expression (after any `{`) starts in the template text. */
  | { type: 'expression'; expression: RuntimeExpression; position: number };

export interface RuntimeMessage {
  headers: Record<string, string | readonly string[] | undefined>;
  /** Parsed JSON, or text. */
  body?: unknown;
}

export interface RuntimeContext {
  url: string;
  method: string;
  statusCode?: number;
  request: RuntimeMessage & {
    query: Record<string, string | readonly string[] | undefined>;
    path: Record<string, string | undefined>;
  };
  response?: RuntimeMessage;
}

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EXPECTED_ROOT = 'expected $url, $method, $statusCode, $request.SOURCE or $response.SOURCE';
const EXPECTED_SOURCE = 'expected header.NAME, query.NAME, path.NAME, body or body#/POINTER';


/** Parses `text` (all of `template` from `offset` on) as one expression; positions count in `template`. */
function parseAt(template: string, text: string, offset: number): RuntimeExpression {
  if (text === '$url' || text === '$method' || text === '$statusCode') {
    return { kind: text.slice(1) as 'url' | 'method' | 'statusCode', text };
  }
  const root = /^\$(request|response)\./.exec(text);
  if (!root) {
    const word = /^\$?[A-Za-z]*/.exec(text)?.[0] ?? '';
    if (['$url', '$method', '$statusCode'].includes(word)) {
      const extra = text.slice(word.length);
      const problem = `unexpected '${extra}' after '${word}'`;
      return fail(template, offset + word.length, problem, 'put static text outside the braces');
    }
    const what = word === '' ? `'${text.slice(0, 1)}'` : `'${word}'`;
    return fail(template, offset, `unexpected ${what}`, EXPECTED_ROOT);
  }
  const kind = root[1] as 'request' | 'response';
  const rest = text.slice(root[0].length);
  const at = offset + root[0].length;
  const named = /^(header|query|path)\./.exec(rest);
  if (named) {
    const where = named[1] as 'header' | 'query' | 'path';
    const name = rest.slice(named[0].length);
    const nameAt = at + named[0].length;
    if (name === '') return fail(template, nameAt, `missing ${where} name`);
    if (where === 'header' && !TCHAR.test(name)) {
      const bad = [...name].findIndex((char) => !TCHAR.test(char));
      return fail(template, nameAt + bad, `'${[...name][bad] ?? ''}' cannot appear in a header name`);
    }
    return { kind, text, source: { in: where, name } };
  }
  if (rest === 'body') return { kind, text, source: { in: 'body', pointer: '' } };
  if (rest.startsWith('body#')) {
    const pointer = rest.slice('body#'.length);
    try {
      parseJsonPointer(pointer);
    } catch {
      return fail(template, at + 'body#'.length, `'${pointer}' is not a JSON pointer`, 'write it as body#/member/0');
    }
    return { kind, text, source: { in: 'body', pointer } };
  }
  const word = /^[^.#]*/.exec(rest)?.[0] ?? '';
  return fail(template, at, `unknown source '${word}'`, EXPECTED_SOURCE);
}

/** One line: the template, the problem, its 0-based position, then what would be right. */
function fail(template: string, position: number, problem: string, expected?: string): never {
  const tail = expected === undefined ? '' : `; ${expected}`;
  throw new UsageError(`runtime expression '${template}': ${problem} at position ${position}${tail}`);
}

/** Parses a string that is exactly one runtime expression, with or without surrounding braces. */
export function parseRuntimeExpression(text: string): RuntimeExpression {
  if (text.startsWith('{') && text.endsWith('}') && text.indexOf('}') === text.length - 1) {
    return parseAt(text, text.slice(1, -1), 1);
  }
  return parseAt(text, text, 0);
}

/**
 * Splits a template such as `http://host?id={$request.body#/id}` into static text and expressions.
 * A template that starts with `$` and has no braces is one whole expression.
 */
export function parseExpressionTemplate(text: string): TemplatePart[] {
  if (text.startsWith('$') && !text.includes('{')) {
    return [{ type: 'expression', expression: parseAt(text, text, 0), position: 0 }];
  }
  const parts: TemplatePart[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf('{', cursor);
    if (open === -1) break;
    const close = text.indexOf('}', open + 1);
    if (close === -1) fail(text, open, "'{' is never closed", "expected '}' after the expression");
    if (text[open + 1] !== '$') fail(text, open + 1, "expected '$' after '{'", EXPECTED_ROOT);
    if (open > cursor) parts.push({ type: 'static', text: text.slice(cursor, open) });
    const expression = parseAt(text, text.slice(open + 1, close), open + 1);
    parts.push({ type: 'expression', expression, position: open + 1 });
    cursor = close + 1;
  }
  if (cursor < text.length) parts.push({ type: 'static', text: text.slice(cursor) });
  return parts;
}

/** Writes a template back as text, expressions in braces. */
export function formatTemplate(parts: readonly TemplatePart[]): string {
  return parts.map((part) => (part.type === 'static' ? part.text : `{${part.expression.text}}`)).join('');
}

function lookupIgnoringCase<T>(record: Record<string, T>, name: string): T | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Repeated headers and query parameters join with `separator`; other non-string values are JSON-encoded. */
function asText(value: unknown, separator?: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (separator !== undefined && Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(separator);
  }
  return JSON.stringify(value);
}

/** The expression's value in this exchange, or undefined when the request or response has no such part. */
export function evaluateRuntimeExpression(expression: RuntimeExpression, context: RuntimeContext): string | undefined {
  switch (expression.kind) {
    case 'url':
      return context.url;
    case 'method':
      return context.method.toUpperCase();
    case 'statusCode':
      return context.statusCode === undefined ? undefined : String(context.statusCode);
    default: {
      const message = expression.kind === 'request' ? context.request : context.response;
      if (!message) return undefined;
      // Only the request has a query and path parameters; `$response.query.x` has no value.
      const request = expression.kind === 'request' ? context.request : undefined;
      const source = expression.source;
      switch (source.in) {
        case 'header':
          return asText(lookupIgnoringCase(message.headers, source.name), ', ');
        case 'query':
          return request ? asText(request.query[source.name], ',') : undefined;
        case 'path':
          return request ? asText(request.path[source.name], ',') : undefined;
        case 'body':
          return asText(source.pointer === '' ? message.body : getAtPointer(message.body, source.pointer));
      }
    }
  }
}

/** The template's text in this exchange; an expression with no value contributes nothing. */
export function evaluateTemplate(parts: readonly TemplatePart[], context: RuntimeContext): string {
  return parts
    .map((part) => (part.type === 'static' ? part.text : (evaluateRuntimeExpression(part.expression, context) ?? '')))
    .join('');
}

/** Where a client puts the callback URL so that the producer calls it back; see locateCallbackSlot. */
export type CallbackSlot = (
  | { in: 'body'; pointer: string }
  | { in: 'query' | 'header' | 'path'; name: string }
) & {
  /** Static text the producer puts before the planted value: '' or a scheme such as `https://`. */
  prefix: string;
  /** Whatever follows the planted value in the template (static text and expressions, braces kept). */
  suffix: string;
  /** The planting expression, e.g. `$request.body#/callbackUrl`. */
  expression: string;
};

const SCHEME_ONLY = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?$/;

/**
 * Finds the `$request.*` expression that decides where the producer sends its callback, so cbtest can plant
 * its receiver URL there. Throws when the producer's target does not come from the request.
 */
export function locateCallbackSlot(template: readonly TemplatePart[]): CallbackSlot {
  const shown = formatTemplate(template);
  const index = template.findIndex((part) => part.type === 'expression' && part.expression.kind === 'request');
  const part = template[index];
  if (index === -1 || part === undefined || part.type !== 'expression' || part.expression.kind !== 'request') {
    const fromResponse = template.some((item) => item.type === 'expression' && item.expression.kind === 'response');
    const why = fromResponse
      ? 'the producer takes it from its own response'
      : 'it does not take the address from the request ($request.body#/..., $request.query.NAME, ...)';
    throw new UsageError(
      `callback URL '${shown}' cannot be pointed at cbtest: ${why}`,
      'run `cbtest listen` where the producer sends its callbacks instead',
    );
  }
  const prefix = formatTemplate(template.slice(0, index));
  if (!SCHEME_ONLY.test(prefix)) {
    throw new UsageError(
      `callback URL '${shown}' goes to the fixed address '${prefix}', so cbtest cannot plant its URL there`,
      'run `cbtest listen` at that address instead',
    );
  }
  const suffix = formatTemplate(template.slice(index + 1));
  const expression = part.expression.text;
  const source = part.expression.source;
  const where =
    source.in === 'body' ? { in: source.in, pointer: source.pointer } : { in: source.in, name: source.name };
  return { ...where, prefix, suffix, expression };
}
