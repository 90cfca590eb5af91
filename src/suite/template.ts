import type { SourcePos } from './types.js';

/**
 * `${{ name }}` in a string from the file. A reference names a root (`env`, a var, a secret, a capture or
 * `callbackUrl`) and an optional path into its value (`order.items.0.id`).
 */
export interface Reference {
  root: string;
  path: string[];
  /** The expression as written between the braces, trimmed. */
  text: string;
  pos: SourcePos;
}

/** A string with `${{ }}` in it, compiled once at load; plain strings stay plain strings and are never scanned again. */
export class InterpolatedString {
  constructor(
    readonly parts: ReadonlyArray<string | Reference>,
    readonly pos: SourcePos,
  ) {}

  /** Exactly one `${{ }}` and nothing around it: the value keeps its type. */
  get whole(): Reference | undefined {
    const [only] = this.parts;
    return this.parts.length === 1 && typeof only !== 'string' ? only : undefined;
  }

  /** The text as written, so a plan printed as JSON reads like the file. */
  toJSON(): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : `\${{ ${part.text} }}`)).join('');
  }

  get references(): Reference[] {
    return this.parts.filter((part): part is Reference => typeof part !== 'string');
  }
}

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const OPEN = '${{';
const CLOSE = '}}';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

/**
 * Splits text into literal parts and references. `positionOf(offset)` maps an offset in `text` to the file;
 * a syntax error carries the offset of the `${{` it belongs to.
 */
export function compileTemplate(text: string, positionOf: (offset: number) => SourcePos): InterpolatedString | string {
  if (!hasExpression(text)) return text;
  const parts: (string | Reference)[] = [];
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf(OPEN, index);
    if (open < 0) {
      parts.push(text.slice(index));
      break;
    }
    if (open > index) parts.push(text.slice(index, open));
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) throw new TemplateSyntaxError(`'${OPEN}' is never closed`, open, "end it with '}}', e.g. ${{ api }}");
    parts.push(parseReference(text.slice(open + OPEN.length, close).trim(), open, positionOf));
    index = close + CLOSE.length;
  }
  return new InterpolatedString(parts, positionOf(0));
}

function parseReference(expression: string, offset: number, positionOf: (offset: number) => SourcePos): Reference {
  if (expression === '') throw new TemplateSyntaxError(`'\${{ }}' names nothing`, offset, 'write ${{ name }}, ${{ env.NAME }} or ${{ callbackUrl }}');
  const [root = '', ...path] = expression.split('.');
  const bad = (problem: string) => new TemplateSyntaxError(`'\${{ ${expression} }}' ${problem}`, offset, 'a name is letters, digits and _ (env.NAME, order.items.0.id)');
  if (!NAME.test(root)) throw bad(`is not a name`);
  if (path.some((segment) => !SEGMENT.test(segment))) throw bad('has an empty or invalid part after a dot');
  if (root === 'env' && (path.length !== 1 || !NAME.test(path[0]!))) throw bad('must be env.NAME with one variable name');
  return { root, path, text: expression, pos: positionOf(offset) };
}
