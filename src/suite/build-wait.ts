import { parseExpectation } from '../core/assertions/index.js';
import { parseDuration } from '../core/duration.js';
import { CbtestError, UsageError } from '../core/errors.js';
import { checkReferences, isStatic, resolveStatic, type NameTable } from './check-references.js';
import { posOf } from './compile-nodes.js';
import { lookUpReference, valueAsText } from './resolve-template.js';
import { InterpolatedString } from './template.js';
import type { SourcePos, Template, WaitSpec } from './types.js';
import { joinPath } from './vars-and-secrets.js';
import { formatPos, positionOfPath, type PathSegment, type SuiteSource } from './yaml-source.js';

export interface BuildContext {
  source: SuiteSource;
  dir: string;
  names: NameTable;
  defaults: { timeout?: string; retry?: number };
}

/** The wait fields of a fire block or a wait step; everything but captures and callbackUrl is settled now. */
export function buildWait(fields: Record<string, Template>, path: PathSegment[], context: BuildContext): WaitSpec {
  const wait: WaitSpec = {};
  const at = (key: string) => positionOfPath(context.source, [...path, key]);
  if (fields.count !== undefined) wait.count = toWholeNumber(resolveStatic(fields.count, context.names, 'count'), 'count', at('count'), 1);
  if (fields.until !== undefined) {
    const until = buildExpectation(fields.until, '--until', context.names, at('until'));
    wait.until = until.text;
    if (until.deferred) wait.deferred = { ...wait.deferred, until: until.deferred };
  }
  if (fields.expect !== undefined) {
    const list = Array.isArray(fields.expect) ? fields.expect : [fields.expect];
    const itemPos = (index: number) => positionOfPath(context.source, Array.isArray(fields.expect) ? [...path, 'expect', index] : [...path, 'expect']);
    const built = list.map((item, index) => buildExpectation(item, '--expect', context.names, itemPos(index)));
    wait.expect = built.map((item) => item.text);
    if (built.some((item) => item.deferred)) wait.deferred = { ...wait.deferred, expect: list };
  }
  if (fields.expectSchema !== undefined) wait.expectSchema = joinPath(context.dir, String(resolveStatic(fields.expectSchema, context.names, 'expectSchema')));
  const timeout = fields.timeout === undefined ? context.defaults.timeout : toDuration(fields.timeout, 'timeout', at('timeout'), context.names);
  if (timeout !== undefined) wait.timeout = timeout;
  return wait;
}

/** An expectation's text; one that uses captures or callbackUrl is checked with stand-ins now and kept for later. */
function buildExpectation(template: Template, flag: string, names: NameTable, pos: SourcePos): { text: string; deferred?: Template } {
  checkReferences(template, names);
  if (isStatic(template, names)) {
    const text = String(resolveStatic(template, names));
    checkExpectation(text, flag, pos);
    return { text };
  }
  const string = template as InterpolatedString;
  const scope = { env: names.env, vars: names.vars, secrets: names.secrets, captures: {}, callbackUrl: '' };
  const knownNow = (root: string) => root === 'env' || Object.hasOwn(names.vars, root) || Object.hasOwn(names.secrets, root);
  // Captures are not known yet: a 0 stands in, so `== ${{ total }}` and `== "${{ id }}"` both parse.
  const standIn = string.parts.map((part) => (typeof part === 'string' ? part : knownNow(part.root) ? valueAsText(lookUpReference(part, scope)) : '0'));
  checkExpectation(standIn.join(''), flag, pos);
  return { text: string.parts.map((part) => (typeof part === 'string' ? part : `\${{ ${part.text} }}`)).join(''), deferred: template };
}

function checkExpectation(text: string, flag: string, pos: SourcePos): void {
  try {
    parseExpectation(text, flag);
  } catch (error) {
    if (error instanceof CbtestError) throw new UsageError(`${formatPos(pos)}: ${error.message}`, error.hint);
    throw error;
  }
}

export function toDuration(template: Template, label: string, pos: SourcePos, names: NameTable): string {
  const text = String(resolveStatic(template, names, label));
  try {
    parseDuration(text, label);
  } catch (error) {
    if (error instanceof CbtestError) throw new UsageError(`${formatPos(posOfTemplate(template) ?? pos)}: ${error.message}`, error.hint);
    throw error;
  }
  return text.trim();
}

/** A count or retry: a number in the file, or text such as an env var's "3". */
export function toWholeNumber(value: unknown, label: string, pos: SourcePos, min: number): number {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
    throw new UsageError(`${formatPos(pos)}: ${label} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return number;
}

export function posOfTemplate(template: Template): SourcePos | undefined {
  return template instanceof InterpolatedString ? template.pos : posOf(template);
}
