import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { UsageError } from '../core/errors.js';
import { compileTemplate, TemplateSyntaxError } from './template.js';
import type { SourcePos } from './types.js';
import { formatPos, positionAt, type SuiteSource } from './yaml-source.js';

/** A compiled value keeps where its map or list started, so later checks can point at it. */
export const NODE_POS = Symbol('cbtest.suite.pos');
export type Positioned = { [NODE_POS]?: SourcePos };

/**
 * The document as plain values, except that strings holding `${{` become `InterpolatedString`s that know
 * their line and column; maps and lists carry their position under `NODE_POS`.
 */
export function compileDocument(source: SuiteSource): unknown {
  return compileNode(source, source.document.contents as Node | null);
}

function compileNode(source: SuiteSource, node: Node | null | undefined): unknown {
  if (!node) return null;
  if (isAlias(node)) return compileNode(source, node.resolve(source.document) as Node | undefined);
  if (isScalar(node)) return typeof node.value === 'string' ? compileString(source, node.value, node.range?.[0] ?? 0, node.range?.[1] ?? 0) : node.value;
  if (isSeq(node)) return withPos(source, node, node.items.map((item) => compileNode(source, item as Node)));
  if (isMap(node)) {
    const merged: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    for (const pair of node.items.filter(isPair)) {
      if (isMergeKey(pair.key)) Object.assign(merged, ...mergedMaps(source, pair.value as Node));
      else own[String(isScalar(pair.key) ? pair.key.value : pair.key)] = compileNode(source, pair.value as Node);
    }
    // YAML merge keys (`<<: *base`): the map's own keys win over merged ones.
    return withPos(source, node, { ...merged, ...own });
  }
  return null;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function mergedMaps(source: SuiteSource, value: Node): Record<string, unknown>[] {
  const nodes = isSeq(value) ? (value.items as Node[]) : [value];
  return nodes.map((item) => compileNode(source, item)).filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
}

function withPos<T extends object>(source: SuiteSource, node: Node, value: T): T {
  Object.defineProperty(value, NODE_POS, { value: positionAt(source, node.range?.[0] ?? 0), enumerable: false });
  return value;
}

export function posOf(value: unknown): SourcePos | undefined {
  return typeof value === 'object' && value !== null ? (value as Positioned)[NODE_POS] : undefined;
}

/** The k-th `${{` of the value is the k-th `${{` of its source text (escapes and folding never split one). */
function compileString(source: SuiteSource, value: string, start: number, end: number) {
  const raw = source.text.slice(start, end);
  const rawOpens = occurrences(raw, '${{');
  const valueOpens = occurrences(value, '${{');
  const offsetInFile = (offset: number): number => {
    const index = valueOpens.indexOf(offset);
    return start + (index >= 0 && rawOpens[index] !== undefined ? rawOpens[index]! : 0);
  };
  try {
    return compileTemplate(value, (offset) => positionAt(source, offsetInFile(offset)));
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    throw new UsageError(`${formatPos(positionAt(source, offsetInFile(error.offset)))}: ${error.message}`, error.hint);
  }
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + needle.length)) found.push(index);
  return found;
}
