import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { UsageError } from '../core/errors.js';
import type { SourcePos } from './types.js';

/** A parsed suite (YAML or JSON, which is YAML) that still knows where every key and value was written. */
export interface SuiteSource {
  file: string;
  text: string;
  document: Document.Parsed;
  lines: LineCounter;
}

export type PathSegment = string | number;

export function parseSuiteSource(file: string, text: string): SuiteSource {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, merge: true });
  const problem = document.errors[0];
  if (problem) {
    const [line, column] = [problem.linePos?.[0]?.line ?? 1, problem.linePos?.[0]?.col ?? 1];
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    throw new UsageError(`${file}:${line}:${column}: ${lowerFirst(message)}`, 'fix the YAML (or JSON) syntax there');
  }
  return { file, text, document, lines };
}

export function positionAt(source: SuiteSource, offset: number): SourcePos {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col };
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** The node at a path, or the deepest existing ancestor when the path goes further than the document. */
export function nodeAt(source: SuiteSource, path: PathSegment[]): Node | null {
  let node: unknown = source.document.contents;
  for (const segment of path) {
    const child = childOf(node, segment);
    if (child === undefined) break;
    node = child.value;
  }
  return (node as Node | null) ?? null;
}

/** The key node of `key` in the map at `path`, if present. */
export function keyNodeAt(source: SuiteSource, path: PathSegment[], key: string): Node | null {
  const pair = childOf(nodeAt(source, path), key)?.pair;
  return (pair?.key as Node | undefined) ?? null;
}

/** Where the value at `path` starts (or the key when `at` is 'key'). */
export function positionOfPath(source: SuiteSource, path: PathSegment[], at: 'key' | 'value' = 'value'): SourcePos {
  if (at === 'key' && path.length > 0) {
    const key = keyNodeAt(source, path.slice(0, -1), String(path[path.length - 1]));
    if (key?.range) return positionAt(source, key.range[0]);
  }
  const node = nodeAt(source, path);
  return positionAt(source, node?.range?.[0] ?? 0);
}

function childOf(node: unknown, segment: PathSegment): { value: unknown; pair?: Pair } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair ? { value: pair.value, pair } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
