import type { ErrorObject } from 'ajv';
import { describeValue } from '../core/assertions/index.js';
import { nearestKey } from './nearest-key.js';
import { DURATION_PATTERN, SUITE_CASE_KINDS, SUITE_STEP_KINDS } from './suite-schema.js';
import type { PathSegment } from './yaml-source.js';

/** One thing wrong with a suite, located by its path in the document (the key itself when `at` is 'key'). */
export interface SchemaProblem {
  path: PathSegment[];
  at: 'key' | 'value';
  message: string;
  hint?: string;
}

type Schema = Record<string, unknown>;
type AjvError = ErrorObject & { path: PathSegment[] };

const KIND_KEYS = new Set([...SUITE_CASE_KINDS, ...SUITE_STEP_KINDS]);

/** Turns ajv's errors (allErrors, verbose) into what a person can act on, one problem per real mistake. */
export function describeSchemaErrors(errors: ErrorObject[], data: unknown): SchemaProblem[] {
  let pending: AjvError[] = errors.filter((error) => error.keyword !== 'if').map((error) => ({ ...error, path: toPath(error.instancePath, data) }));
  const problems: SchemaProblem[] = [];
  for (const anyOf of pending.filter((error) => error.keyword === 'anyOf')) {
    const deeper = pending.some((error) => isBelow(error.path, anyOf.path));
    const atSamePlace = (error: AjvError) => samePath(error.path, anyOf.path) && LEAF_KEYWORDS.has(error.keyword);
    pending = pending.filter((error) => error !== anyOf && !atSamePlace(error));
    if (!deeper) problems.push({ path: anyOf.path, at: 'value', message: `must be ${expectedOf(anyOf.parentSchema as Schema)}, got ${describeValue(anyOf.data)}` });
  }
  for (const oneOf of pending.filter((error) => error.keyword === 'oneOf')) {
    const fromBranches = (error: AjvError) => samePath(error.path, oneOf.path) && error.keyword === 'required' && KIND_KEYS.has(missing(error));
    const hasUnknownKey = pending.some((error) => samePath(error.path, oneOf.path) && error.keyword === 'additionalProperties');
    pending = pending.filter((error) => error !== oneOf && !fromBranches(error));
    if (!hasUnknownKey) problems.push(kindProblem(oneOf));
  }
  // A misspelt key usually is the missing one: report the unknown key, not the absence.
  const unknownAt = pending.filter((error) => error.keyword === 'additionalProperties');
  pending = pending.filter((error) => error.keyword !== 'required' || !unknownAt.some((unknown) => samePath(unknown.path, error.path)));
  return [...problems, ...pending.map(describeOne)];
}

const LEAF_KEYWORDS = new Set(['type', 'pattern', 'enum', 'minimum', 'maximum', 'const', 'minItems', '$ref']);

function describeOne(error: AjvError): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(((error.parentSchema as Schema).properties as Schema | undefined) ?? {});
      const guess = nearestKey(key, allowed);
      const hint = guess ? `did you mean '${guess}'?` : allowed.length ? `allowed here: ${allowed.join(', ')}` : 'nothing is allowed here';
      return { path: [...error.path, key], at: 'key', message: `unknown key '${key}'`, hint };
    }
    case 'required':
      return { path: error.path, at: 'value', message: `'${missing(error)}' is missing` };
    case 'false schema':
      return { path: error.path, at: 'key', ...misplacedKey(error.path) };
    case 'minItems':
      return { path: error.path, at: 'value', message: 'must not be empty' };
    case 'propertyNames':
      return { path: [...error.path, String(params.propertyName)], at: 'key', message: `'${String(params.propertyName)}' is not a name`, hint: 'use letters, digits and _, not starting with a digit' };
    default:
      return { path: error.path, at: 'value', message: `must be ${expectedOf(error.parentSchema as Schema)}, got ${describeValue(error.data)}` };
  }
}

function kindProblem(error: AjvError): SchemaProblem {
  const isStep = error.path.includes('steps');
  const kinds = isStep ? SUITE_STEP_KINDS : SUITE_CASE_KINDS;
  const present = Object.keys((error.data as Schema | null) ?? {}).filter((key) => kinds.includes(key));
  const what = isStep ? 'a step' : 'a case';
  const choices = `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
  if (present.length > 1) {
    return { path: [...error.path, present[1]!], at: 'key', message: `${what} takes one of ${present.join(', ')}, not several`, hint: isStep ? 'split it into steps' : 'split it into cases, or use steps' };
  }
  return { path: error.path, at: 'value', message: `${what} needs one of ${choices}` };
}

function misplacedKey(path: PathSegment[]): { message: string; hint: string } {
  const key = String(path[path.length - 1]);
  return { message: `'${key}' does not belong here`, hint: key === 'capture' ? 'capture from a step that answers or waits' : 'put the wait fields in a wait step or on a fire step' };
}

function expectedOf(schema: Schema | undefined): string {
  if (!schema) return 'something else';
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).filter((branch) => !isZeroOnly(branch)).map(expectedOf).join(' or ');
  if (typeof schema.$ref === 'string') return REF_NAMES[schema.$ref] ?? 'something else';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  if (typeof schema.pattern === 'string') return PATTERN_NAMES[schema.pattern] ?? `text matching ${schema.pattern}`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const range = rangeText(schema);
  return types.map((type) => `${TYPE_NAMES[String(type)] ?? 'a value'}${type === 'integer' ? range : ''}`).join(' or ');
}

function rangeText(schema: Schema): string {
  const [min, max] = [schema.minimum, schema.maximum];
  if (typeof min === 'number' && typeof max === 'number') return ` from ${min} to ${max}`;
  return typeof min === 'number' ? ` >= ${min}` : '';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'a map', array: 'a list', null: 'null',
};
const REF_NAMES: Record<string, string> = { '#/definitions/expression': 'a ${{ }} expression', '#/definitions/headers': 'a map of headers' };
const PATTERN_NAMES: Record<string, string> = {
  [DURATION_PATTERN]: 'a duration with a unit (500ms, 30s, 2m)',
  '^\\$\\{\\{.*\\}\\}$': 'a ${{ }} expression',
  '^(ack\\.)?\\$': "a query '$.body...' or 'ack.$.body...'",
  '^(/.*)?$': "a JSON pointer such as '/callbackUrl'",
};

/** The `0` a duration may be: true, but not worth a place in "must be …". */
function isZeroOnly(schema: Schema): boolean {
  return Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === 0;
}

function missing(error: AjvError): string {
  return String((error.params as { missingProperty?: unknown }).missingProperty);
}

function toPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = (node as Record<string, unknown> | null)?.[key];
  }
  return path;
}

function samePath(left: PathSegment[], right: PathSegment[]): boolean {
  return left.length === right.length && left.every((segment, index) => segment === right[index]);
}

function isBelow(path: PathSegment[], ancestor: PathSegment[]): boolean {
  return path.length > ancestor.length && ancestor.every((segment, index) => segment === path[index]);
}
