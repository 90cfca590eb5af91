import { UsageError } from './errors.js';

/**
 * RFC 6901 JSON pointers: `/user/uuid`, `/items/0`, `/items/-` (the slot after the last element),
 * with `~1` for `/` and `~0` for `~` inside a token. The empty pointer is the whole document.
 */

/** Splits a pointer into its unescaped reference tokens; `label` names where it came from in errors. */
export function parseJsonPointer(pointer: string, label = 'JSON pointer'): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    const fixed = `/${pointer.replace(/^#?\/?/, '')}`;
    throw new UsageError(`${label} '${pointer}' must start with '/'; write it as '${fixed}'`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      const bad = /~(?![01])/.exec(token);
      if (bad) {
        throw new UsageError(
          `${label} '${pointer}' has a '~' that is not '~0' or '~1'; write '~0' for '~' and '~1' for '/'`,
        );
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Builds a pointer from reference tokens, escaping `~` and `/`. */
export function formatJsonPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function tokensOf(pointer: string | readonly string[]): readonly string[] {
  return typeof pointer === 'string' ? parseJsonPointer(pointer) : pointer;
}

function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(token) ? Number(token) : undefined;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** The value the pointer refers to, or undefined when there is none. */
export function getAtPointer(doc: unknown, pointer: string | readonly string[]): unknown {
  let current: unknown = doc;
  for (const token of tokensOf(pointer)) {
    if (Array.isArray(current)) {
      const index = arrayIndex(token);
      if (index === undefined || index >= current.length) return undefined;
      current = current[index];
    } else if (isContainer(current)) {
      if (!Object.hasOwn(current, token)) return undefined;
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Returns a copy of `doc` with `value` written at the pointer; `doc` itself is left untouched.
 * Missing members along the way become objects, and `-` appends to an array.
 */
export function setAtPointer(doc: unknown, pointer: string | readonly string[], value: unknown): unknown {
  const tokens = tokensOf(pointer);
  const shown = typeof pointer === 'string' ? pointer : formatJsonPointer(pointer);
  return setTokens(doc, tokens, 0, value, shown);
}

function setTokens(node: unknown, tokens: readonly string[], depth: number, value: unknown, shown: string): unknown {
  const token = tokens[depth];
  if (token === undefined) return value;
  if (Array.isArray(node)) {
    const index = token === '-' ? node.length : arrayIndex(token);
    if (index === undefined || index > node.length) {
      const where = formatJsonPointer(tokens.slice(0, depth)) || '/';
      throw new UsageError(
        `cannot write at ${shown}: '${token}' is not an index of the array at ${where} (length ${node.length}); ` +
          `use 0..${node.length} or '-' to append`,
      );
    }
    const copy = [...node];
    copy[index] = setTokens(node[index], tokens, depth + 1, value, shown);
    return copy;
  }
  if (node === undefined || node === null || isContainer(node)) {
    const base = isContainer(node) ? (node as Record<string, unknown>) : {};
    const existing = Object.hasOwn(base, token) ? base[token] : undefined;
    return { ...base, [token]: setTokens(existing, tokens, depth + 1, value, shown) };
  }
  const where = formatJsonPointer(tokens.slice(0, depth)) || 'the document root';
  throw new UsageError(`cannot write at ${shown}: ${where} holds ${JSON.stringify(node)}, not an object`);
}
