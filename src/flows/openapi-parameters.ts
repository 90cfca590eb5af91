import { UsageError } from '../core/errors.js';
import type { CallbackSlot } from '../core/runtime-expression.js';
import type { FoundOperation } from './openapi-spec.js';
import type { OpenApiParameter } from './openapi-types.js';

export type ParameterPlace = 'path' | 'query' | 'header' | 'cookie';

/** Parameter values by place; header names lower-cased. */
export type ResolvedParameters = Record<ParameterPlace, Record<string, string>>;

export interface GivenParameter {
  name: string;
  value: string;
}

/** `--param name=value` (repeatable); the value may itself contain `=`. */
export function parseParamFlags(texts: readonly string[]): GivenParameter[] {
  return texts.map((text) => {
    const equals = text.indexOf('=');
    if (equals <= 0) throw new UsageError(`--param '${text}' is not name=value`, 'e.g. --param subscriptionId=42');
    return { name: text.slice(0, equals).trim(), value: text.slice(equals + 1) };
  });
}

/** The operation's parameters: the path item's, overridden by the operation's own, plus undeclared `{names}` of the path. */
export function declaredParameters(found: FoundOperation): OpenApiParameter[] {
  const byKey = new Map<string, OpenApiParameter>();
  const keyOf = (parameter: OpenApiParameter) => `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
  for (const parameter of [...found.pathItemParameters, ...(found.operation.parameters ?? [])]) byKey.set(keyOf(parameter), parameter);
  for (const match of found.pathTemplate.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] ?? '';
    if (!byKey.has(`path:${name}`)) byKey.set(`path:${name}`, { name, in: 'path', required: true });
  }
  return [...byKey.values()];
}

function sameName(parameter: OpenApiParameter, name: string): boolean {
  return parameter.in === 'header' ? parameter.name.toLowerCase() === name.toLowerCase() : parameter.name === name;
}

function isPlanted(parameter: OpenApiParameter, slots: readonly CallbackSlot[]): boolean {
  return slots.some((slot) => slot.in === parameter.in && sameName(parameter, slot.name));
}

/** A declared example or default, as the text that goes on the wire. */
function exampleOf(parameter: OpenApiParameter): string | undefined {
  const schema = parameter.schema ?? {};
  const value = parameter.example ?? schema.example ?? schema.default;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Fills the operation's parameters from `--param`, then required ones from their examples. Throws naming
 * undeclared names and required parameters with no value; slots cbtest plants and headers `-H` sets count as given.
 */
export function resolveParameters(
  found: FoundOperation,
  operationId: string,
  given: readonly GivenParameter[],
  options: { planted: readonly CallbackSlot[]; headerNames: readonly string[] },
): ResolvedParameters {
  const declared = declaredParameters(found);
  const resolved: ResolvedParameters = { path: {}, query: {}, header: {}, cookie: {} };
  const put = (parameter: OpenApiParameter, value: string) => {
    resolved[parameter.in][parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name] = value;
  };
  for (const { name, value } of given) {
    const matching = declared.filter((parameter) => sameName(parameter, name));
    if (matching.length === 0) {
      const known = declared.map((parameter) => `${parameter.name} (${parameter.in})`).join(', ') || 'none';
      throw new UsageError(`--param '${name}' is not a parameter of '${operationId}'; declared: ${known}`, 'use -H for other headers');
    }
    for (const parameter of matching) put(parameter, value);
  }
  const missing: string[] = [];
  for (const parameter of declared) {
    const required = parameter.required === true || parameter.in === 'path';
    const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
    if (!required || resolved[parameter.in][name] !== undefined || isPlanted(parameter, options.planted)) continue;
    if (parameter.in === 'header' && options.headerNames.includes(name)) continue;
    const example = exampleOf(parameter);
    if (example === undefined) missing.push(`${parameter.in} parameter '${parameter.name}'`);
    else put(parameter, example);
  }
  if (missing.length > 0) {
    const first = /'([^']+)'/.exec(missing[0] ?? '')?.[1] ?? 'NAME';
    throw new UsageError(`operation '${operationId}' needs ${missing.join(', ')}`, `pass --param ${first}=VALUE`);
  }
  return resolved;
}
